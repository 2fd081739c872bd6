import { ApiProperty } from '@nestjs/swagger';
import type * as Api from '@camrec/shared-types';
import { MOTION_ZONES_SCHEMA } from './motion.dto';

// Each class implements its shared-types interface, so the documented shape cannot drift
// from what the handlers return; the class names become the schema names.

export class MotionAvailability implements Api.MotionAvailability {
  @ApiProperty({ description: 'Whether motion analysis can run on this server' })
  available!: boolean;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Why it cannot run (OpenCV missing, …); null when it can',
  })
  reason!: string | null;
}

export class MotionSettings implements Api.MotionSettings {
  @ApiProperty()
  enabled!: boolean;

  @ApiProperty({ minimum: 1, maximum: 100 })
  sensitivity!: number;

  @ApiProperty({ description: 'Smallest moving area that counts, in percent of the picture' })
  min_area_pct!: number;

  @ApiProperty(MOTION_ZONES_SCHEMA)
  zones_excluded!: Api.MotionZone[];

  @ApiProperty({ description: 'Record a clip of each motion event' })
  record!: boolean;

  @ApiProperty({ minimum: 0, maximum: 30 })
  pre_roll_s!: number;

  @ApiProperty({ minimum: 0, maximum: 120 })
  post_roll_s!: number;
}

export class MotionSettingsResponse extends MotionSettings implements Api.MotionSettingsResponse {
  @ApiProperty({ format: 'uuid' })
  session_id!: string;

  @ApiProperty({ type: () => MotionAvailability })
  availability!: MotionAvailability;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The pre-roll a clip can really get, from the keyframe interval, in words',
    example: 'pre-roll 4 s asked, 4.8 s delivered: keyframes every 2 s',
  })
  pre_roll_note!: string | null;
}

export class SessionMotionState implements Api.SessionMotionState {
  @ApiProperty()
  enabled!: boolean;

  @ApiProperty({ description: 'True while motion is seen' })
  active!: boolean;

  @ApiProperty({ description: 'Share of the picture changed in the last analysed frame, 0–1' })
  score!: number;

  @ApiProperty({ type: String, nullable: true, format: 'date-time' })
  last_event_at!: string | null;
}

export class PreRollInfo implements Api.PreRollInfo {
  @ApiProperty()
  asked_s!: number;

  @ApiProperty()
  delivered_s!: number;

  @ApiProperty({ type: Number, nullable: true, description: 'Seconds between keyframes' })
  keyframe_interval_s!: number | null;
}

export class MotionHealth extends MotionAvailability implements Api.MotionHealth {
  @ApiProperty({
    type: String,
    nullable: true,
    example: '4.6.0',
    description: 'Once OpenCV is loaded: when a session first analyses motion, not before',
  })
  opencv_version!: string | null;

  @ApiProperty({ description: 'Sessions analysing motion now' })
  sessions_analysing!: number;
}
