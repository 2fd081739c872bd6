import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module';
import { RecordingModule } from '../recording/recording.module';
import { RetentionModule } from '../retention/retention.module';
import { SessionModule } from '../session/session.module';
import { MotionController } from './motion.controller';
import { MotionService } from './motion.service';

@Module({
  imports: [SessionModule, EventsModule, RetentionModule, RecordingModule],
  controllers: [MotionController],
  providers: [MotionService],
  exports: [MotionService],
})
export class MotionModule {}
