import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';

const TIME = (name: string) => `${name} must be a time (ISO 8601 or Unix ms)`;

export class RangeVideoQuery {
  @ApiProperty({ example: '2026-12-05T14:00:00Z', description: 'ISO 8601 with a zone, or Unix ms' })
  @IsString({ message: TIME('start') })
  @MaxLength(40, { message: TIME('start') })
  start!: string;

  @ApiProperty({
    example: '2026-12-05T15:00:00Z',
    description: 'ISO 8601 with a zone, or Unix ms; at most 24 h after start',
  })
  @IsString({ message: TIME('end') })
  @MaxLength(40, { message: TIME('end') })
  end!: string;
}
