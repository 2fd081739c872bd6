import { ApiProperty } from '@nestjs/swagger';
import type * as Api from '@camrec/shared-types';
import { MotionSettings } from '../motion/motion.responses';

// Each class implements its shared-types interface, so the documented shape cannot drift
// from what the handlers return; the class names become the schema names.

const CAMERA_STATES: Api.CameraState[] = ['disabled', 'connecting', 'online', 'offline'];
const NULLABLE_TIME = { type: String, nullable: true, format: 'date-time' } as const;

export class CameraStatus implements Api.CameraStatus {
  @ApiProperty({ enum: CAMERA_STATES })
  state!: Api.CameraState;

  @ApiProperty({
    type: String,
    nullable: true,
    format: 'uuid',
    description: 'The live session of the main stream (listed in /session/list)',
  })
  session_id!: string | null;

  @ApiProperty({ type: String, nullable: true, format: 'uuid' })
  substream_session_id!: string | null;

  @ApiProperty({ ...NULLABLE_TIME, description: 'Since when the camera cannot be reached' })
  offline_since!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'Why it is offline, in words' })
  last_error!: string | null;

  @ApiProperty({ ...NULLABLE_TIME, description: 'When the next attempt to open it is due' })
  next_attempt_at!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Why the substream cannot be read (the grid shows the main stream meanwhile)',
  })
  substream_error!: string | null;

  @ApiProperty({ description: 'True while a continuous segment is being written' })
  recording!: boolean;

  @ApiProperty({
    description: 'How far continuous recording is behind the camera, seconds (0 while it keeps up)',
  })
  recording_behind_s!: number;

  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'Why continuous recording is not running although the camera is online (a full disk); it starts again by itself',
  })
  recording_error!: string | null;
}

export class CameraInfo implements Api.CameraInfo {
  @ApiProperty({ example: 'k3v9q2m7x4ab' })
  id!: string;

  @ApiProperty({ example: 'Front door' })
  name!: string;

  @ApiProperty({ enum: ['rtsp', 'mjpeg'] satisfies Api.SourceType[] })
  source_type!: Api.SourceType;

  @ApiProperty({ example: 'rtsp://admin:***@192.168.1.10:554/stream1' })
  url!: string;

  @ApiProperty({ type: String, nullable: true })
  substream_url!: string | null;

  @ApiProperty()
  enabled!: boolean;

  @ApiProperty({ enum: ['off', 'motion', 'continuous'] satisfies Api.CameraRecordMode[] })
  record!: Api.CameraRecordMode;

  @ApiProperty({ minimum: 2, maximum: 600 })
  segment_s!: number;

  @ApiProperty({ enum: ['h264', 'jpeg'] satisfies Api.MjpegStorage[] })
  mjpeg_storage!: Api.MjpegStorage;

  @ApiProperty()
  insecure_tls!: boolean;

  @ApiProperty({ type: () => MotionSettings })
  motion!: MotionSettings;

  @ApiProperty({
    type: String,
    nullable: true,
    example: '192.168.1.10:80',
    description: 'The ONVIF device service kept for PTZ',
  })
  onvif_address!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'admin' })
  onvif_username!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    example: '***',
    description: '`***` when an ONVIF password is saved (never shown)',
  })
  onvif_password!: string | null;

  @ApiProperty({ format: 'date-time' })
  created_at!: string;

  @ApiProperty({ format: 'date-time' })
  updated_at!: string;

  @ApiProperty({ type: () => CameraStatus })
  status!: CameraStatus;
}

export class CameraListResponse implements Api.CameraListResponse {
  @ApiProperty({ type: () => [CameraInfo] })
  cameras!: CameraInfo[];

  @ApiProperty({ description: 'config max_cameras' })
  max_cameras!: number;
}

export class DeleteCameraResponse implements Api.DeleteCameraResponse {
  @ApiProperty()
  id!: string;

  @ApiProperty({ enum: [true] })
  deleted!: true;

  @ApiProperty({ description: 'Recording files deleted with it' })
  recordings_deleted!: number;
}

export class OfflinePeriod implements Api.OfflinePeriod {
  @ApiProperty({ format: 'date-time' })
  started_at!: string;

  @ApiProperty({ ...NULLABLE_TIME, description: 'Null while it lasts' })
  ended_at!: string | null;

  @ApiProperty({ example: 'camera lost: Connection refused' })
  reason!: string;
}

export class OfflinePeriodListResponse implements Api.OfflinePeriodListResponse {
  @ApiProperty()
  camera_id!: string;

  @ApiProperty({ type: () => [OfflinePeriod] })
  periods!: OfflinePeriod[];
}

export class SegmentInfo implements Api.SegmentInfo {
  @ApiProperty()
  id!: number;

  @ApiProperty({ format: 'date-time' })
  started_at!: string;

  @ApiProperty({ format: 'date-time' })
  ended_at!: string;

  @ApiProperty()
  bytes!: number;

  @ApiProperty()
  frames!: number;

  @ApiProperty({ example: 'avc1.64001f' })
  codec!: string;

  @ApiProperty({
    enum: ['copy', 'h264', 'jpeg'],
    description:
      "How the video is kept: the camera's H.264/H.265 (copy), an MJPEG camera encoded (h264) or its JPEG frames (jpeg: played through jpeg-frames, not playback.mp4)",
  })
  storage!: Api.SegmentStorage;

  @ApiProperty({ enum: ['writing', 'final'] })
  state!: 'writing' | 'final';
}

export class SegmentListResponse implements Api.SegmentListResponse {
  @ApiProperty()
  camera_id!: string;

  @ApiProperty({ type: () => [SegmentInfo] })
  segments!: SegmentInfo[];

  @ApiProperty({ description: 'More segments lie in the range than limit allowed' })
  truncated!: boolean;
}
