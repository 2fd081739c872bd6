import { Module } from '@nestjs/common';
import { DemoCameraService } from './demo-camera.service';

@Module({ providers: [DemoCameraService], exports: [DemoCameraService] })
export class DemoModule {}
