import { Module } from '@nestjs/common';
import { CamerasModule } from '../cameras/cameras.module';
import { CameraPtz } from './camera-ptz';
import { CameraPtzController } from './camera-ptz.controller';
import { OnvifController } from './onvif.controller';
import { OnvifDiscovery } from './onvif-discovery';
import { OnvifProfiles } from './onvif-profiles';

/**
 * ONVIF discovery and media profiles for adding cameras, and PTZ of saved cameras (see README,
 * "Finding ONVIF cameras" and "PTZ").
 */
@Module({
  imports: [CamerasModule],
  controllers: [OnvifController, CameraPtzController],
  providers: [OnvifDiscovery, OnvifProfiles, CameraPtz],
})
export class OnvifModule {}
