import type { ProxyMode } from '@camrec/shared-types';

export const LOG_LEVELS = ['error', 'warn', 'info', 'debug'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const X264_PRESETS = [
  'ultrafast',
  'superfast',
  'veryfast',
  'faster',
  'fast',
  'medium',
  'slow',
  'slower',
  'veryslow',
] as const;

/**
 * The validated configuration. Built once at start-up by `loadAppConfig`; injected wherever
 * a setting is needed (nothing else reads config.json or process.env).
 */
export class AppConfig {
  host!: string;
  port!: number;
  max_sessions!: number;
  /** Absolute path. */
  videos_dir!: string;
  ffmpeg_path!: string;
  ffprobe_path!: string;
  jpeg_quality!: number;
  verify_frames!: number;
  verify_timeout_s!: number;
  verify_attempts!: number;
  preview_max_consecutive_errors!: number;
  record_max_duration_s!: number;
  record_crf!: number;
  record_preset!: (typeof X264_PRESETS)[number];
  audio_bitrate!: string;
  proxy_mode!: ProxyMode;
  mediamtx_port!: number;
  go2rtc_port!: number;
  mediamtx_path!: string | null;
  go2rtc_path!: string | null;
  /** Absolute path of the folder where proxy binaries are cached. */
  binaries_dir!: string;
  auto_download!: boolean;
  demo_camera!: boolean;
  log_level!: LogLevel;
  /** Per session: recent fragments kept for the pre-roll of motion and manual clips. */
  pre_roll_ring_mb!: number;
  /** Retention (0 = no limit): the oldest clips not marked "keep" go first. */
  retention_max_gb!: number;
  retention_min_free_gb!: number;
  retention_days!: number;
  /** The PATH environment variable, where proxy binaries are looked up. Not a config key. */
  search_path!: string;
}
