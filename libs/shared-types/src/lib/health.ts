import type { MotionHealth, RetentionHealth } from './motion';

export type HealthStatus = 'ok' | 'degraded';
export type ProxyMode = 'auto' | 'proxy' | 'direct';
export type ProxyEngineName = 'mediamtx' | 'go2rtc';
export type ProxyEngineState = 'running' | 'starting' | 'stopped' | 'unavailable' | 'failed';

export interface FfmpegHealth {
  path: string;
  /** e.g. "5.1.9-0+deb12u1"; null when ffmpeg is unusable. */
  version: string | null;
  /** Why ffmpeg is unusable; absent when it works. */
  error?: string;
}

export interface ProxyEngineHealth {
  name: ProxyEngineName;
  state: ProxyEngineState;
  /** Resolved binary path, or null when none was found. */
  binary: string | null;
  /** Why the engine is not running, in words. */
  reason?: string;
}

export interface ProxyHealth {
  /** The configured mode. */
  mode: ProxyMode;
  /** What sessions actually use: 'proxy' only when the engines run. */
  effective_mode: 'proxy' | 'direct';
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
}
