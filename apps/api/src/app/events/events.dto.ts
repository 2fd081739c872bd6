import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsISO8601, IsInt, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';

export class EventQueryDto {
  @ApiPropertyOptional({ description: 'Only this saved camera’s events' })
  @IsOptional()
  @Matches(/^[a-z2-7]{12}$/, { message: 'camera_id must be a camera id (12 letters and digits)' })
  camera_id?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only this session’s events' })
  @IsOptional()
  @IsUUID('4', { message: 'session_id must be a session UUID' })
  session_id?: string;

  @ApiPropertyOptional({ description: 'Only events that started at or after this ISO 8601 time' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'since must be an ISO 8601 date-time' })
  since?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be an integer from 1 to 1000' })
  @Min(1, { message: 'limit must be an integer from 1 to 1000' })
  @Max(1000, { message: 'limit must be an integer from 1 to 1000' })
  limit?: number;
}

export class EventIdParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('4', { message: 'the event id must be a UUID' })
  id!: string;
}
