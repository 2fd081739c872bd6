import { ApiProperty } from '@nestjs/swagger';
import { IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import type { CreateExportRequest } from '@camrec/shared-types';

export class CreateExportDto implements CreateExportRequest {
  @ApiProperty({ example: 'k3v9q2m7x4ab' })
  @Matches(/^[a-z2-7]{12}$/, { message: 'camera_id must be a camera id (12 letters and digits)' })
  camera_id!: string;

  @ApiProperty({ example: '2026-12-05T14:00:00Z', description: 'ISO 8601 with a zone, or Unix ms' })
  @IsString({ message: 'start must be a time (ISO 8601 or Unix ms, as a string)' })
  @MaxLength(40, { message: 'start must be a time (ISO 8601 or Unix ms, as a string)' })
  start!: string;

  @ApiProperty({ example: '2026-12-05T14:05:00Z', description: 'ISO 8601 with a zone, or Unix ms' })
  @IsString({ message: 'end must be a time (ISO 8601 or Unix ms, as a string)' })
  @MaxLength(40, { message: 'end must be a time (ISO 8601 or Unix ms, as a string)' })
  end!: string;
}

export class ExportIdParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('4', { message: 'the export id must be a UUID' })
  id!: string;
}
