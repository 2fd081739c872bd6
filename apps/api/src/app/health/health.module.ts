import { Module } from '@nestjs/common';
import { CamerasModule } from '../cameras/cameras.module';
import { DemoModule } from '../demo/demo.module';
import { MotionModule } from '../motion/motion.module';
import { MqttModule } from '../mqtt/mqtt.module';
import { RetentionModule } from '../retention/retention.module';
import { SessionModule } from '../session/session.module';
import { HealthController } from './health.controller';
import { HealthService } from './health.service';

@Module({
  imports: [SessionModule, DemoModule, MotionModule, RetentionModule, CamerasModule, MqttModule],
  controllers: [HealthController],
  providers: [HealthService],
})
export class HealthModule {}
