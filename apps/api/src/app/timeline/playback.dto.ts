import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { MAX_FRAMES_CHUNK_S } from './jpeg-frames.service';
import { MAX_CHUNK_S } from './playback.service';

const DURATION = `duration must be a whole number of seconds from 1 to ${MAX_CHUNK_S}`;

export class PlaybackQuery {
  @ApiProperty({ description: 'The instant to play from: ISO 8601 or Unix ms' })
  @IsString({ message: 'at must be a time' })
  @MaxLength(40, { message: 'at must be a time' })
  at!: string;

  @ApiPropertyOptional({
    description:
      'The instant media time 0 stands for (ISO 8601 or Unix ms), the same for every chunk of one player; default: at',
  })
  @IsOptional()
  @IsString({ message: 'origin must be a time' })
  @MaxLength(40, { message: 'origin must be a time' })
  origin?: string;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: MAX_CHUNK_S,
    description: 'Seconds of footage; default 10',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: DURATION })
  @Min(1, { message: DURATION })
  @Max(MAX_CHUNK_S, { message: DURATION })
  duration?: number;
}

export class ThumbnailQuery {
  @ApiProperty({ description: 'ISO 8601 or Unix ms' })
  @IsString({ message: 'at must be a time' })
  @MaxLength(40, { message: 'at must be a time' })
  at!: string;
}

const FRAMES_DURATION = `duration must be a whole number of seconds from 1 to ${MAX_FRAMES_CHUNK_S}`;

export class JpegFramesQuery {
  @ApiProperty({ description: 'The instant to play from: ISO 8601 or Unix ms' })
  @IsString({ message: 'at must be a time' })
  @MaxLength(40, { message: 'at must be a time' })
  at!: string;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: MAX_FRAMES_CHUNK_S,
    description: 'Seconds of footage; default 5 (fewer when the answer reaches its byte cap)',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: FRAMES_DURATION })
  @Min(1, { message: FRAMES_DURATION })
  @Max(MAX_FRAMES_CHUNK_S, { message: FRAMES_DURATION })
  duration?: number;
}
