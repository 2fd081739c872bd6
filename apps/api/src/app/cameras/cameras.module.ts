import { Module } from '@nestjs/common';
import { MotionModule } from '../motion/motion.module';
import { RecordingModule } from '../recording/recording.module';
import { RetentionModule } from '../retention/retention.module';
import { SessionModule } from '../session/session.module';
import { CameraFootage } from './camera-footage';
import { CameraSnapshots } from './camera-snapshots';
import { CamerasController } from './cameras.controller';
import { CamerasService } from './cameras.service';
import { ContinuousRecording } from './continuous-recording';

@Module({
  imports: [SessionModule, MotionModule, RecordingModule, RetentionModule],
  controllers: [CamerasController],
  providers: [CamerasService, CameraFootage, ContinuousRecording, CameraSnapshots],
  exports: [CamerasService, ContinuousRecording, CameraSnapshots],
})
export class CamerasModule {}
