import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type * as Api from '@camrec/shared-types';

// Each class implements its shared-types interface, so the documented shape cannot drift
// from what the handlers return; the class names become the schema names.

export class StartRecordingResponse implements Api.StartRecordingResponse {
  @ApiProperty({ example: '3f1c2a9e-8b7d-4c6e-9a1b-2c3d4e5f6a7b_20250102-030405.mp4' })
  filename!: string;

  @ApiProperty({ format: 'date-time' })
  started_at!: string;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Requested seconds, or null for "until stopped"',
  })
  duration!: number | null;
}

export class StopRecordingResponse implements Api.StopRecordingResponse {
  @ApiProperty()
  filename!: string;

  @ApiProperty()
  duration_s!: number;

  @ApiProperty()
  size_bytes!: number;
}

export class RecordingStatus implements Api.RecordingStatus {
  @ApiProperty({
    enum: [
      'idle',
      'recording',
      'finalizing',
      'completed',
      'stopped',
      'failed',
    ] satisfies Api.RecordingState[],
  })
  state!: Api.RecordingState;

  @ApiProperty({ type: String, nullable: true })
  filename!: string | null;

  @ApiProperty()
  elapsed_s!: number;

  @ApiProperty({ type: Number, nullable: true })
  duration!: number | null;

  @ApiProperty()
  bytes!: number;

  @ApiProperty({
    description:
      'Seconds the clip is behind the camera (the oldest frame still waiting to be written); ' +
      'about 0 while it keeps up, 0 when not recording',
  })
  behind_s!: number;

  @ApiPropertyOptional({ description: 'Why the recording failed' })
  error?: string;
}
