import { ApiProperty } from '@nestjs/swagger';
import type * as Api from '@camrec/shared-types';

// Each class implements its shared-types interface, so the documented shape cannot drift
// from what the handlers return; the class names become the schema names.

const NULLABLE_STRING = { type: String, nullable: true } as const;
const NULLABLE_NUMBER = { type: Number, nullable: true } as const;

export class OnvifSavedCamera implements Api.OnvifSavedCamera {
  @ApiProperty({ example: 'k3v9q2m7x4ab' })
  id!: string;

  @ApiProperty({ example: 'Front door' })
  name!: string;
}

export class OnvifDevice implements Api.OnvifDevice {
  @ApiProperty({ example: '192.168.1.10', description: 'The IP address the answer came from' })
  address!: string;

  @ApiProperty({ example: 80, description: 'The port of its device service' })
  port!: number;

  @ApiProperty({ type: [String], example: ['http://192.168.1.10/onvif/device_service'] })
  xaddrs!: string[];

  @ApiProperty({ example: 'urn:uuid:5f5a69c2-e0ae-504f-829b-00387a1b3c2f' })
  endpoint!: string;

  @ApiProperty({ ...NULLABLE_STRING, example: 'Front door' })
  name!: string | null;

  @ApiProperty({ ...NULLABLE_STRING, example: 'DS-2CD2143G2-I' })
  hardware!: string | null;

  @ApiProperty({ ...NULLABLE_STRING, example: 'country/france, building/garage' })
  location!: string | null;

  @ApiProperty({ type: [String] })
  scopes!: string[];

  @ApiProperty({ type: () => [OnvifSavedCamera], description: 'Saved cameras on this address' })
  saved_cameras!: OnvifSavedCamera[];
}

export class OnvifDiscoveryResponse implements Api.OnvifDiscoveryResponse {
  @ApiProperty({ type: () => [OnvifDevice] })
  devices!: OnvifDevice[];

  @ApiProperty({ example: 3000 })
  timeout_ms!: number;

  @ApiProperty({ description: 'More devices answered than are listed' })
  truncated!: boolean;
}

export class OnvifProfile implements Api.OnvifProfile {
  @ApiProperty({ example: 'Profile_1' })
  token!: string;

  @ApiProperty({ example: 'mainStream' })
  name!: string;

  @ApiProperty({ ...NULLABLE_STRING, example: 'H264' })
  encoding!: string | null;

  @ApiProperty({ ...NULLABLE_NUMBER, example: 1920 })
  width!: number | null;

  @ApiProperty({ ...NULLABLE_NUMBER, example: 1080 })
  height!: number | null;

  @ApiProperty({ ...NULLABLE_NUMBER, example: 25 })
  fps!: number | null;

  @ApiProperty({ ...NULLABLE_NUMBER, example: 4096 })
  bitrate_kbps!: number | null;

  @ApiProperty({
    ...NULLABLE_STRING,
    example: 'rtsp://admin:password@192.168.1.10:554/Streaming/Channels/101',
    description: 'With the user name and password given put in',
  })
  stream_uri!: string | null;

  @ApiProperty({ ...NULLABLE_STRING, description: 'Why there is no stream URI' })
  stream_error!: string | null;

  @ApiProperty({ type: String, enum: ['main', 'sub'], nullable: true })
  role!: Api.OnvifStreamRole | null;
}

export class OnvifDeviceInformation implements Api.OnvifDeviceInformation {
  @ApiProperty({ example: 'Hikvision' })
  manufacturer!: string;

  @ApiProperty({ example: 'DS-2CD2143G2-I' })
  model!: string;

  @ApiProperty({ example: 'V5.7.3' })
  firmware_version!: string;
}

export class OnvifProfilesResponse implements Api.OnvifProfilesResponse {
  @ApiProperty({ example: '192.168.1.10' })
  address!: string;

  @ApiProperty({ example: 80 })
  port!: number;

  @ApiProperty({ type: () => OnvifDeviceInformation, nullable: true })
  device!: OnvifDeviceInformation | null;

  @ApiProperty({ type: () => [OnvifProfile] })
  profiles!: OnvifProfile[];

  @ApiProperty({ ...NULLABLE_STRING, description: 'The largest profile: for the URL' })
  main_stream_uri!: string | null;

  @ApiProperty({ ...NULLABLE_STRING, description: 'The smallest profile: for the substream URL' })
  substream_uri!: string | null;
}
