import { Module } from '@nestjs/common';
import { MotionModule } from '../motion/motion.module';
import { SessionModule } from '../session/session.module';
import { CameraFootage } from './camera-footage';
import { CamerasController } from './cameras.controller';
import { CamerasService } from './cameras.service';

@Module({
  imports: [SessionModule, MotionModule],
  controllers: [CamerasController],
  providers: [CamerasService, CameraFootage],
  exports: [CamerasService],
})
export class CamerasModule {}
