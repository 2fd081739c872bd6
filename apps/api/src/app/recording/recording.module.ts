import { Module } from '@nestjs/common';
import { RetentionModule } from '../retention/retention.module';
import { SessionModule } from '../session/session.module';
import { PreRollService } from './pre-roll.service';
import { RecordingController } from './recording.controller';
import { RecordingService } from './recording.service';

@Module({
  imports: [SessionModule, RetentionModule],
  controllers: [RecordingController],
  providers: [RecordingService, PreRollService],
  exports: [RecordingService, PreRollService],
})
export class RecordingModule {}
