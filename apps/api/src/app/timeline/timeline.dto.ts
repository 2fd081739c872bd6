import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import type { CreateKeptRangeRequest } from '@camrec/shared-types';

export class CreateKeptRangeDto implements CreateKeptRangeRequest {
  @ApiProperty({ example: '2026-12-05T14:00:00Z', description: 'ISO 8601 with a zone, or Unix ms' })
  @IsString({ message: 'start must be a time (ISO 8601 or Unix ms, as a string)' })
  @MaxLength(40, { message: 'start must be a time (ISO 8601 or Unix ms, as a string)' })
  start!: string;

  @ApiProperty({ example: '2026-12-05T14:10:00Z', description: 'ISO 8601 with a zone, or Unix ms' })
  @IsString({ message: 'end must be a time (ISO 8601 or Unix ms, as a string)' })
  @MaxLength(40, { message: 'end must be a time (ISO 8601 or Unix ms, as a string)' })
  end!: string;

  @ApiPropertyOptional({ maxLength: 200, example: 'the delivery van' })
  @IsOptional()
  @IsString({ message: 'note must be a string' })
  @MaxLength(200, { message: 'note must be at most 200 characters' })
  note?: string;
}

export class KeptRangeParams {
  @ApiProperty({ example: 'k3v9q2m7x4ab' })
  @Matches(/^[a-z2-7]{12}$/, { message: 'id must be a camera id (12 letters and digits)' })
  id!: string;

  @ApiProperty()
  @Type(() => Number)
  @IsInt({ message: 'keptId must be a kept range id (a whole number)' })
  @Min(1, { message: 'keptId must be a kept range id (a whole number)' })
  keptId!: number;
}

const RESOLUTION = 'resolution_ms must be a whole number of milliseconds from 1000 to 86400000';

export class TimelineQuery {
  @ApiPropertyOptional({ description: 'ISO 8601 or Unix ms; default 24 hours before end' })
  @IsOptional()
  @IsString({ message: 'start must be a time' })
  start?: string;

  @ApiPropertyOptional({ description: 'ISO 8601 or Unix ms; default now' })
  @IsOptional()
  @IsString({ message: 'end must be a time' })
  end?: string;

  @ApiPropertyOptional({
    minimum: 1000,
    maximum: 86_400_000,
    description: 'The shortest gap shown; default about (end − start) / 2000',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: RESOLUTION })
  @Min(1000, { message: RESOLUTION })
  @Max(86_400_000, { message: RESOLUTION })
  resolution_ms?: number;
}

export class MultiCameraTimelineQuery extends TimelineQuery {
  @ApiProperty({
    type: String,
    example: 'k3v9q2m7x4ab,p2r8s5t6u7vw',
    description: 'Camera ids, comma-separated (at most 64)',
  })
  @Transform(({ value }) => (typeof value === 'string' ? value.split(',') : value))
  @ArrayMinSize(1, { message: 'cameras must name at least one camera id' })
  @ArrayMaxSize(64, { message: 'cameras may name at most 64 camera ids' })
  @Matches(/^[a-z2-7]{12}$/, {
    each: true,
    message: 'cameras must be camera ids (12 letters and digits), comma-separated',
  })
  cameras!: string[];
}
