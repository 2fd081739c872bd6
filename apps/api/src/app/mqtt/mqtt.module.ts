import { Module } from '@nestjs/common';
import { CamerasModule } from '../cameras/cameras.module';
import { MotionModule } from '../motion/motion.module';
import { MqttService } from './mqtt.service';

/** MQTT and Home Assistant discovery (see README, "Home Assistant and MQTT"). */
@Module({
  imports: [CamerasModule, MotionModule],
  providers: [MqttService],
  exports: [MqttService],
})
export class MqttModule {}
