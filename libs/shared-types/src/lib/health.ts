import type { AuthStatus } from './auth';
import type { MotionHealth, RetentionHealth } from './motion';

export type HealthStatus = 'ok' | 'degraded';
export type ProxyMode = 'auto' | 'proxy' | 'direct';
export type ProxyEngineName = 'mediamtx' | 'go2rtc';
export type ProxyEngineState =
  'running' | 'starting' | 'stopped' | 'downloading' | 'unavailable' | 'failed';

export interface FfmpegHealth {
  path: string;
  /** e.g. "5.1.9-0+deb12u1"; null when ffmpeg is unusable. */
  version: string | null;
  /** Why ffmpeg is unusable or too old (older than 5.1); absent when it works. */
  error?: string;
}

export interface ProxyEngineHealth {
  name: ProxyEngineName;
  state: ProxyEngineState;
  /** Resolved binary path, or null when none was found. */
  binary: string | null;
  /** Whether sessions of this engine's cameras go through it ('direct': read the camera). */
  effective_mode: 'proxy' | 'direct';
  /** Download progress while `state` is "downloading" (absent when the size is unknown). */
  percent?: number;
  /** The engine process while it runs. */
  pid?: number;
  /** Why the engine is not running, in words. */
  reason?: string;
}

export interface ProxyHealth {
  /** The configured mode. */
  mode: ProxyMode;
  /** What sessions use: 'mixed' when one engine can be used and the other cannot. */
  effective_mode: 'proxy' | 'direct' | 'mixed';
  engines: ProxyEngineHealth[];
}

export interface HealthResponse {
  status: HealthStatus;
  version: string;
  uptime_s: number;
  ffmpeg: FfmpegHealth;
  ffprobe: FfmpegHealth;
  proxy: ProxyHealth;
  sessions: { active: number; max: number };
  /** The built-in demo camera's URL when it runs, else null. */
  demo_camera_url: string | null;
  motion: MotionHealth;
  retention: RetentionHealth;
  index: IndexHealth;
  cameras: CameraCounts;
  mqtt: MqttHealth;
  /** Access control as configured (token, TLS, clear-text warning). */
  security?: AuthStatus;
}

/** What `/health` tells a caller without the access token. */
export interface AnonymousHealthResponse {
  status: HealthStatus;
}

/** `/health` → `index`: the metadata index (SQLite) beside the videos. */
export interface IndexHealth {
  path: string;
  /** False when the file could not be opened and the index lives in memory only. */
  persistent: boolean;
  /** Why it is not persistent. */
  reason: string | null;
}

/** `/health` → `cameras`. */
export interface CameraCounts {
  saved: number;
  online: number;
  max: number;
}

export type MqttState = 'off' | 'connected' | 'disconnected';

/** `/health` → `mqtt`: the connection to the MQTT broker (off when `mqtt_url` is null). */
export interface MqttHealth {
  state: MqttState;
  /** The broker's URL, the password masked; null when MQTT is off. */
  broker: string | null;
  /** Why the broker cannot be reached or refused the login; null while connected. */
  last_error: string | null;
  /** When the current connection was made (ISO 8601); null while not connected. */
  connected_since: string | null;
}
