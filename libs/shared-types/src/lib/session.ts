import type { MotionSettingsRequest, SessionMotionState } from './motion';

export type SourceType = 'rtsp' | 'mjpeg';
export type SessionProxy = 'mediamtx' | 'go2rtc' | 'direct';
export type SessionState = 'opening' | 'active' | 'reconnecting' | 'closing' | 'closed';

export interface VideoInfo {
  /** ffmpeg codec name: h264, hevc, mjpeg. */
  codec: string;
  width: number;
  height: number;
  /** Nominal frame rate announced by the source (measured fps is in stats). */
  fps: number | null;
}

export interface AudioInfo {
  /** Codec as delivered to consumers (always aac after ingest), e.g. "aac". */
  codec: string;
  /** Codec the camera sends, e.g. "pcm_alaw". */
  source_codec: string;
}

export interface MediaInfo {
  video: VideoInfo;
  audio: AudioInfo | null;
}

export interface OpenSessionRequest {
  url: string;
  name?: string;
  /** Accept an https MJPEG camera's certificate without verifying it (self-signed cameras). */
  insecure_tls?: boolean;
  /** Motion detection settings to start with. */
  motion?: MotionSettingsRequest;
}

export interface CloseSessionRequest {
  session_id: string;
}

/** Which stream of a saved camera a session reads. */
export type CameraStream = 'main' | 'sub';

export interface SessionInfo {
  session_id: string;
  name: string;
  /** The saved camera this session belongs to; null for a session of a pasted URL. */
  camera_id: string | null;
  /** Which of the saved camera's streams it reads; null for a session of a pasted URL. */
  stream: CameraStream | null;
  source_type: SourceType;
  /** The camera URL with credentials masked. */
  source_url: string;
  /** The engine's re-published stream (rtsp://127.0.0.1:…/sess-<id>, no password); null when direct. */
  local_rtsp_url: string | null;
  proxy: SessionProxy;
  /** Why this session reads its camera directly although proxy_mode is not "direct". */
  proxy_reason?: string;
  created_at: string;
  media: MediaInfo;
  /** True when the camera's TLS certificate is not verified (opened with insecure_tls). */
  insecure_tls: boolean;
}

export interface SessionStats {
  frames_in: number;
  fps: number;
  bitrate_kbps: number;
  reconnects: number;
  uptime_s: number;
}

export interface SessionListItem extends SessionInfo {
  state: SessionState;
  recording: boolean;
  preview_active: boolean;
  viewers: number;
  stats: SessionStats;
  /** Why the session is reconnecting or closed, in words. */
  last_error?: string;
  motion: SessionMotionState;
}

export interface SessionListResponse {
  sessions: SessionListItem[];
  max_sessions: number;
}

export interface CloseSessionResponse {
  session_id: string;
  closed: true;
}
