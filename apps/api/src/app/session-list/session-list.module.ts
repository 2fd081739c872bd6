import { Module } from '@nestjs/common';
import { MotionModule } from '../motion/motion.module';
import { RecordingModule } from '../recording/recording.module';
import { SessionModule } from '../session/session.module';
import { SessionListController } from './session-list.controller';
import { SessionListService } from './session-list.service';

@Module({
  imports: [SessionModule, RecordingModule, MotionModule],
  controllers: [SessionListController],
  providers: [SessionListService],
})
export class SessionListModule {}
