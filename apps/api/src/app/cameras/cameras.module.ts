import { Module } from '@nestjs/common';
import { MotionModule } from '../motion/motion.module';
import { RetentionModule } from '../retention/retention.module';
import { SessionModule } from '../session/session.module';
import { CameraFootage } from './camera-footage';
import { CamerasController } from './cameras.controller';
import { CamerasService } from './cameras.service';
import { ContinuousRecording } from './continuous-recording';

@Module({
  imports: [SessionModule, MotionModule, RetentionModule],
  controllers: [CamerasController],
  providers: [CamerasService, CameraFootage, ContinuousRecording],
  exports: [CamerasService, ContinuousRecording],
})
export class CamerasModule {}
