import { ApiProperty } from '@nestjs/swagger';
import type * as Api from '@camrec/shared-types';

// Each class implements its shared-types interface, so the documented shape cannot drift
// from what the handlers return; the class names become the schema names.

export class PtzPreset implements Api.PtzPreset {
  @ApiProperty({ example: 'Preset_1' })
  token!: string;

  @ApiProperty({ example: 'Gate' })
  name!: string;
}

export class PtzPosition implements Api.PtzPosition {
  @ApiProperty({ minimum: -1, maximum: 1 })
  pan!: number;

  @ApiProperty({ minimum: -1, maximum: 1 })
  tilt!: number;

  @ApiProperty({ minimum: 0, maximum: 1 })
  zoom!: number;
}

export class CameraPtzResponse implements Api.CameraPtzResponse {
  @ApiProperty({ example: 'k3v9q2m7x4ab' })
  camera_id!: string;

  @ApiProperty({
    description:
      "True when the camera's ONVIF device has a PTZ service and a media profile with a PTZ configuration",
  })
  available!: boolean;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Why PTZ is not available (no ONVIF details saved, no PTZ service)',
  })
  reason!: string | null;

  @ApiProperty({ description: 'It pans and tilts' })
  pan_tilt!: boolean;

  @ApiProperty({ description: 'It zooms' })
  zoom!: boolean;

  @ApiProperty({ type: () => [PtzPreset] })
  presets!: PtzPreset[];

  @ApiProperty({ type: () => PtzPosition, nullable: true })
  position!: PtzPosition | null;
}

export class PtzCommandResponse implements Api.PtzCommandResponse {
  @ApiProperty({ example: 'k3v9q2m7x4ab' })
  camera_id!: string;

  @ApiProperty({ enum: ['move', 'stop', 'preset'] })
  command!: 'move' | 'stop' | 'preset';

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'A move: when the device stops by itself',
  })
  timeout_ms!: number | null;

  @ApiProperty({ type: String, nullable: true, description: 'A preset: its token' })
  preset!: string | null;
}
