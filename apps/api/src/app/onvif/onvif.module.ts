import { Module } from '@nestjs/common';
import { CamerasModule } from '../cameras/cameras.module';
import { OnvifController } from './onvif.controller';
import { OnvifDiscovery } from './onvif-discovery';
import { OnvifProfiles } from './onvif-profiles';

/** ONVIF discovery and media profiles for adding cameras (see README, "Finding ONVIF cameras"). */
@Module({
  imports: [CamerasModule],
  controllers: [OnvifController],
  providers: [OnvifDiscovery, OnvifProfiles],
})
export class OnvifModule {}
