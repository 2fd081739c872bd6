import { ApiProperty } from '@nestjs/swagger';
import type * as Api from '@camrec/shared-types';

// Each class implements its shared-types interface, so the documented shape cannot drift
// from what the handlers return; the class names become the schema names.

export class RetentionDeletion implements Api.RetentionDeletion {
  @ApiProperty({ example: '3f1c2a9e-8b7d-4c6e-9a1b-2c3d4e5f6a7b_20250102-030405.mp4' })
  filename!: string;

  @ApiProperty({ format: 'date-time' })
  deleted_at!: string;

  @ApiProperty({ description: 'Which limit it was deleted for, in words' })
  reason!: string;
}

export class RetentionHealth implements Api.RetentionHealth {
  @ApiProperty({ type: Number, nullable: true })
  max_gb!: number | null;

  @ApiProperty({ type: Number, nullable: true })
  min_free_gb!: number | null;

  @ApiProperty({ type: Number, nullable: true })
  days!: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'retention_continuous_days' })
  continuous_days!: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'retention_events_days' })
  events_days!: number | null;

  @ApiProperty({ description: 'Bytes of clips and continuous segments, from the index' })
  used_bytes!: number;

  @ApiProperty({ type: Number, nullable: true, description: 'Free bytes on its disk' })
  free_bytes!: number | null;

  @ApiProperty({ type: () => [RetentionDeletion], description: 'Newest first' })
  recent_deletions!: RetentionDeletion[];
}
