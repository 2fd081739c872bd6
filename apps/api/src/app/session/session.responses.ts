import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type * as Api from '@camrec/shared-types';
import { SessionMotionState } from '../motion/motion.responses';

// Each class implements its shared-types interface, so the documented shape cannot drift
// from what the handlers return; the class names become the schema names.

export class VideoInfo implements Api.VideoInfo {
  @ApiProperty({ description: 'ffmpeg codec name', example: 'h264' })
  codec!: string;

  @ApiProperty({ example: 1280 })
  width!: number;

  @ApiProperty({ example: 720 })
  height!: number;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Nominal frame rate announced by the source',
  })
  fps!: number | null;
}

export class AudioInfo implements Api.AudioInfo {
  @ApiProperty({ description: 'Codec as delivered to consumers', example: 'aac' })
  codec!: string;

  @ApiProperty({ description: 'Codec the camera sends', example: 'pcm_alaw' })
  source_codec!: string;
}

export class MediaInfo implements Api.MediaInfo {
  @ApiProperty({ type: () => VideoInfo })
  video!: VideoInfo;

  @ApiProperty({ type: () => AudioInfo, nullable: true })
  audio!: AudioInfo | null;
}

export class SessionInfo implements Api.SessionInfo {
  @ApiProperty({ format: 'uuid' })
  session_id!: string;

  @ApiProperty({ example: 'Front door' })
  name!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The saved camera this session belongs to; null for a session of a pasted URL',
  })
  camera_id!: string | null;

  @ApiProperty({
    enum: ['main', 'sub'] satisfies Api.CameraStream[],
    nullable: true,
    description: "Which of the saved camera's streams it reads; null for a pasted URL",
  })
  stream!: Api.CameraStream | null;

  @ApiProperty({ enum: ['rtsp', 'mjpeg'] satisfies Api.SourceType[] })
  source_type!: Api.SourceType;

  @ApiProperty({
    description: 'The camera URL with credentials masked',
    example: 'rtsp://user:***@192.168.1.10:554/stream1',
  })
  source_url!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Where other tools can read this camera through the local proxy',
  })
  local_rtsp_url!: string | null;

  @ApiProperty({ enum: ['mediamtx', 'go2rtc', 'direct'] satisfies Api.SessionProxy[] })
  proxy!: Api.SessionProxy;

  @ApiPropertyOptional({
    description: 'Why this session reads its camera directly although proxy_mode is not "direct"',
  })
  proxy_reason?: string;

  @ApiProperty({ format: 'date-time' })
  created_at!: string;

  @ApiProperty({ type: () => MediaInfo })
  media!: MediaInfo;

  @ApiProperty({ description: "True when the camera's TLS certificate is not verified" })
  insecure_tls!: boolean;
}

export class SessionStats implements Api.SessionStats {
  @ApiProperty()
  frames_in!: number;

  @ApiProperty()
  fps!: number;

  @ApiProperty()
  bitrate_kbps!: number;

  @ApiProperty()
  reconnects!: number;

  @ApiProperty()
  uptime_s!: number;
}

export class SessionListItem extends SessionInfo implements Api.SessionListItem {
  @ApiProperty({
    enum: ['opening', 'active', 'reconnecting', 'closing', 'closed'] satisfies Api.SessionState[],
  })
  state!: Api.SessionState;

  @ApiProperty()
  recording!: boolean;

  @ApiProperty()
  preview_active!: boolean;

  @ApiProperty()
  viewers!: number;

  @ApiProperty({ type: () => SessionStats })
  stats!: SessionStats;

  @ApiPropertyOptional({ description: 'Why the session is reconnecting or closed' })
  last_error?: string;

  @ApiProperty({ type: () => SessionMotionState })
  motion!: SessionMotionState;
}

export class SessionListResponse implements Api.SessionListResponse {
  @ApiProperty({ type: () => [SessionListItem] })
  sessions!: SessionListItem[];

  @ApiProperty()
  max_sessions!: number;
}

export class CloseSessionResponse implements Api.CloseSessionResponse {
  @ApiProperty({ format: 'uuid' })
  session_id!: string;

  @ApiProperty({ enum: [true] })
  closed!: true;
}
