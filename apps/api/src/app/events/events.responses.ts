import { ApiProperty } from '@nestjs/swagger';
import type * as Api from '@camrec/shared-types';

// Each class implements its shared-types interface, so the documented shape cannot drift
// from what the handlers return; the class names become the schema names.

export class MotionEvent implements Api.MotionEvent {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  session_id!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The saved camera whose motion it was; null for a session of a pasted URL',
  })
  camera_id!: string | null;

  @ApiProperty({ format: 'date-time' })
  started_at!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    format: 'date-time',
    description: 'When the motion stopped; null while the event goes on',
  })
  ended_at!: string | null;

  @ApiProperty({ description: 'Largest changed share of the picture, 0–1' })
  peak_score!: number;

  @ApiProperty({ type: String, nullable: true, description: 'The clip, when `record` was on' })
  filename!: string | null;

  @ApiProperty({ type: String, nullable: true })
  thumbnail_url!: string | null;
}

export class MotionEventListResponse implements Api.MotionEventListResponse {
  @ApiProperty({ type: () => [MotionEvent] })
  events!: MotionEvent[];
}
