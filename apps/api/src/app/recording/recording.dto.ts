import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNumber, IsOptional, IsUUID } from 'class-validator';
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
