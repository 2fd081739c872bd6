import { ApiProperty } from '@nestjs/swagger';
import type * as Api from '@camrec/shared-types';
import { PreRollInfo } from '../motion/motion.responses';

// Each class implements its shared-types interface, so the documented shape cannot drift
// from what the handlers return; the class names become the schema names.

export class VideoItem implements Api.VideoItem {
  @ApiProperty({ example: '3f1c2a9e-8b7d-4c6e-9a1b-2c3d4e5f6a7b_20250102-030405.mp4' })
  filename!: string;

  @ApiProperty()
  size_bytes!: number;

  @ApiProperty()
  duration_s!: number;

  @ApiProperty({ format: 'date-time' })
  created_at!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The saved camera it was recorded from; null for an unsaved session',
  })
  camera_id!: string | null;

  @ApiProperty({ format: 'uuid' })
  session_id!: string;

  @ApiProperty()
  width!: number;

  @ApiProperty()
  height!: number;

  @ApiProperty({ example: 'h264' })
  video_codec!: string;

  @ApiProperty({ type: String, nullable: true, example: 'aac' })
  audio_codec!: string | null;

  @ApiProperty({ example: '/videos/3f1c…_20250102-030405.mp4/thumbnail' })
  thumbnail_url!: string;

  @ApiProperty({
    enum: ['manual', 'motion', 'export'],
    description: 'What made it: a recording started by hand, a motion event, a saved export',
  })
  trigger!: 'manual' | 'motion' | 'export';

  @ApiProperty({
    type: String,
    nullable: true,
    format: 'uuid',
    description: 'The motion event of a motion clip',
  })
  event_id!: string | null;

  @ApiProperty({
    type: () => PreRollInfo,
    nullable: true,
    description: 'Pre-roll asked for and delivered, when the clip had one',
  })
  pre_roll!: PreRollInfo | null;

  @ApiProperty({ description: 'Retention never deletes a kept clip' })
  keep!: boolean;
}

export class VideoListResponse implements Api.VideoListResponse {
  @ApiProperty({ type: () => [VideoItem] })
  videos!: VideoItem[];
}
