import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNumber, IsOptional, IsUUID, Max, Min } from 'class-validator';
import type { StartRecordingRequest, StopRecordingRequest } from '@camrec/shared-types';

export class StartRecordingDto implements StartRecordingRequest {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('4', { message: 'session_id must be a session UUID' })
  session_id!: string;

  @ApiPropertyOptional({
    description: 'Seconds, from 1 to record_max_duration_s; absent = until stopped (still capped)',
    example: 30,
  })
  @IsOptional()
  // The range depends on the configuration; RecordingService checks it and names it.
  @IsNumber(
    { allowNaN: false, allowInfinity: false },
    { message: 'duration must be a number of seconds' },
  )
  duration?: number;

  @ApiPropertyOptional({
    description: 'Seconds before now the clip starts (from the keyframe at or before), 0–30',
    minimum: 0,
    maximum: 30,
  })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'pre_roll_s must be a number' })
  @Min(0, { message: 'pre_roll_s must be from 0 to 30 seconds' })
  @Max(30, { message: 'pre_roll_s must be from 0 to 30 seconds' })
  pre_roll_s?: number;
}

export class StopRecordingDto implements StopRecordingRequest {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('4', { message: 'session_id must be a session UUID' })
  session_id!: string;
}

export class RecordingStatusParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('4', { message: 'session_id must be a session UUID' })
  session_id!: string;
}
