import type { MotionSettings, MotionSettingsRequest } from './motion';
import type { SourceType } from './session';

/**
 * What a saved camera records: nothing, a clip per motion event (with its pre-roll), or
 * everything, in segments (motion events then mark ranges of the segments).
 */
export type CameraRecordMode = 'off' | 'motion' | 'continuous';

/**
 * How continuous recording keeps an MJPEG camera: `h264` encodes it (about a third of a core
 * per 720p25 camera, about a tenth of the disk); `jpeg` keeps the camera's frames as they come
 * (no encoder, several times the disk) and converts only what is exported.
 */
export type MjpegStorage = 'h264' | 'jpeg';

/** `POST /cameras` body. */
export interface CreateCameraRequest {
  name: string;
  /** The main stream; a password may be written `${ENV_VAR}` to be read from the environment. */
  url: string;
  /** A low-resolution stream for the grid and motion analysis. */
  substream_url?: string | null;
  /** Opened at start and kept open; default true. */
  enabled?: boolean;
  /** Default `off`. */
  record?: CameraRecordMode;
  /** Seconds per continuous segment, 2–600; default 60. */
  segment_s?: number;
  /** Default `h264`. */
  mjpeg_storage?: MjpegStorage;
  /** Accept the camera's TLS certificate without verifying it. */
  insecure_tls?: boolean;
  motion?: MotionSettingsRequest;
  /**
   * The camera's ONVIF device service (host[:port] or its URL), kept for PTZ; null forgets the
   * ONVIF details (user name and password with it).
   */
  onvif_address?: string | null;
  /** The ONVIF user; needed with onvif_address. */
  onvif_username?: string | null;
  /** The ONVIF user's password; never returned (answered as `***`). Left out: kept as saved. */
  onvif_password?: string | null;
  /**
   * Open the camera before saving and refuse it with the reason when it cannot be opened
   * (default true); false saves it as given (a camera that is off now).
   */
  verify?: boolean;
}

/** `PATCH /cameras/:id` body: the fields to change. */
export type UpdateCameraRequest = Partial<Omit<CreateCameraRequest, 'verify'>>;

export type CameraState = 'disabled' | 'connecting' | 'online' | 'offline';

export interface CameraStatus {
  state: CameraState;
  /** The live session of the main stream (a session like any in `/session/list`). */
  session_id: string | null;
  /** The live session of the substream, when one is set and open. */
  substream_session_id: string | null;
  /** Since when the camera cannot be reached; null while online or disabled. */
  offline_since: string | null;
  /** Why the camera is offline, in words (credentials masked). */
  last_error: string | null;
  /** When the next attempt to reach an offline camera is due. */
  next_attempt_at: string | null;
  /** Why the substream cannot be read (the grid then shows the main stream); null when fine. */
  substream_error: string | null;
  /** True while a continuous segment is being written. */
  recording: boolean;
  /**
   * How far continuous recording is behind the camera, seconds (the oldest frame still waiting
   * to be written): 0 while it keeps up, growing while the disk cannot.
   */
  recording_behind_s: number;
  /**
   * Why a camera recorded continuously is not being recorded although it is online (a full or
   * unwritable disk: recording starts again by itself); null while it records, or is not to.
   */
  recording_error: string | null;
}

export interface CameraInfo {
  id: string;
  name: string;
  source_type: SourceType;
  /** Credentials masked (`rtsp://user:***@host/…`). */
  url: string;
  substream_url: string | null;
  enabled: boolean;
  record: CameraRecordMode;
  segment_s: number;
  mjpeg_storage: MjpegStorage;
  insecure_tls: boolean;
  motion: MotionSettings;
  /** The ONVIF device service kept for PTZ, or null. */
  onvif_address: string | null;
  onvif_username: string | null;
  /** `***` when a password is saved (it is never shown), else null. */
  onvif_password: string | null;
  created_at: string;
  updated_at: string;
  status: CameraStatus;
}

export interface CameraListResponse {
  cameras: CameraInfo[];
  max_cameras: number;
}

/** `DELETE /cameras/:id` answer. */
export interface DeleteCameraResponse {
  id: string;
  deleted: true;
  /** Recording files deleted with it (0 unless `?delete_recordings=true`). */
  recordings_deleted: number;
}

/** A time a camera could not be reached. */
export interface OfflinePeriod {
  started_at: string;
  /** Null while it lasts. */
  ended_at: string | null;
  reason: string;
}

export interface OfflinePeriodListResponse {
  camera_id: string;
  periods: OfflinePeriod[];
}

/** One continuous-recording segment file of a camera. */
export interface SegmentInfo {
  id: number;
  started_at: string;
  ended_at: string;
  bytes: number;
  frames: number;
  /** RFC 6381, e.g. "avc1.64001f". */
  codec: string;
  /**
   * How the video is kept: `copy`, the camera's H.264/H.265; `h264`, an MJPEG camera encoded;
   * `jpeg`, an MJPEG camera's JPEG frames (played through `jpeg-frames`, not `playback.mp4`).
   */
  storage: SegmentStorage;
  /** `writing` while it is the segment being recorded. */
  state: 'writing' | 'final';
}

export type SegmentStorage = 'copy' | 'h264' | 'jpeg';

/** `GET /cameras/:id/segments`: oldest first, at most `limit`. */
export interface SegmentListResponse {
  camera_id: string;
  segments: SegmentInfo[];
  /** True when more segments lie in the range than `limit` allowed. */
  truncated: boolean;
}

/** A preset position of a PTZ camera. */
export interface PtzPreset {
  token: string;
  name: string;
}

/** Pan, tilt and zoom in the device's generic spaces: pan and tilt −1 to 1, zoom 0 to 1. */
export interface PtzPosition {
  pan: number;
  tilt: number;
  zoom: number;
}

/** `GET /cameras/:id/ptz` answer. */
export interface CameraPtzResponse {
  camera_id: string;
  /** True when the camera's ONVIF device has a PTZ service and its profile a PTZ configuration. */
  available: boolean;
  /** Why PTZ is not available, in words; null when it is. */
  reason: string | null;
  /** Whether it pans and tilts, and zooms (its PTZ node's continuous velocity spaces). */
  pan_tilt: boolean;
  zoom: boolean;
  presets: PtzPreset[];
  /** Where it points now, when the device says. */
  position: PtzPosition | null;
}

/** `POST /cameras/:id/ptz/move` body: velocities from −1 to 1 (0 or left out: none). */
export interface PtzMoveRequest {
  pan?: number;
  tilt?: number;
  zoom?: number;
  /** The device stops by itself after this long unless moved again; 100–10000, default 1000. */
  timeout_ms?: number;
}

/** `POST /cameras/:id/ptz/preset` body. */
export interface PtzPresetRequest {
  token: string;
}

/** What `POST /cameras/:id/ptz/{move,stop,preset}` answer. */
export interface PtzCommandResponse {
  camera_id: string;
  command: 'move' | 'stop' | 'preset';
  /** For a move: when the device stops by itself. */
  timeout_ms: number | null;
  /** For a preset: its token. */
  preset: string | null;
}

/** `POST /cameras/:id/ptz/stop` body: `{}` (a JSON body, as every change needs). */
export type PtzStopRequest = Record<string, never>;
