import { LOG_LEVELS, X264_PRESETS } from './app-config';

/** How one key is checked; `describe` says what is expected, for the error line. */
export type KeyRule =
  | { kind: 'int'; min: number; max: number; default: number }
  | { kind: 'number'; min: number; max: number; default: number }
  | { kind: 'string'; default: string; pattern?: RegExp; describe?: string }
  | { kind: 'optional-string'; default: null }
  | { kind: 'boolean'; default: boolean }
  | { kind: 'enum'; values: readonly string[]; default: string };

export const CONFIG_SCHEMA: Record<string, KeyRule> = {
  host: {
    kind: 'string',
    default: '127.0.0.1',
    pattern: /^[A-Za-z0-9.:[\]-]+$/,
    describe: 'a host name or IP address',
  },
  port: { kind: 'int', min: 0, max: 65535, default: 8000 },
  max_sessions: { kind: 'int', min: 1, max: 64, default: 3 },
  videos_dir: { kind: 'string', default: 'videos' },
  ffmpeg_path: { kind: 'string', default: 'ffmpeg' },
  ffprobe_path: { kind: 'string', default: 'ffprobe' },
  jpeg_quality: { kind: 'int', min: 1, max: 100, default: 70 },
  verify_frames: { kind: 'int', min: 1, max: 1000, default: 10 },
  verify_timeout_s: { kind: 'number', min: 0.5, max: 120, default: 5 },
  verify_attempts: { kind: 'int', min: 1, max: 10, default: 3 },
  preview_max_consecutive_errors: { kind: 'int', min: 1, max: 10000, default: 10 },
  record_max_duration_s: { kind: 'int', min: 1, max: 86400, default: 3600 },
  record_crf: { kind: 'int', min: 0, max: 51, default: 23 },
  record_preset: { kind: 'enum', values: X264_PRESETS, default: 'veryfast' },
  audio_bitrate: {
    kind: 'string',
    default: '128k',
    pattern: /^[1-9][0-9]{0,3}k$/,
    describe: 'a bitrate such as "128k"',
  },
  proxy_mode: { kind: 'enum', values: ['auto', 'proxy', 'direct'], default: 'auto' },
  mediamtx_port: { kind: 'int', min: 1, max: 65535, default: 8554 },
  go2rtc_port: { kind: 'int', min: 1, max: 65535, default: 8555 },
  mediamtx_path: { kind: 'optional-string', default: null },
  go2rtc_path: { kind: 'optional-string', default: null },
  binaries_dir: { kind: 'string', default: 'bin' },
  auto_download: { kind: 'boolean', default: true },
  demo_camera: { kind: 'boolean', default: true },
  log_level: { kind: 'enum', values: LOG_LEVELS, default: 'info' },
  pre_roll_ring_mb: { kind: 'int', min: 1, max: 4096, default: 32 },
  retention_max_gb: { kind: 'number', min: 0, max: 1000000, default: 0 },
  retention_min_free_gb: { kind: 'number', min: 0, max: 1000000, default: 0 },
  retention_days: { kind: 'number', min: 0, max: 36500, default: 0 },
};

/** Environment variables that override a key (the seed's names). */
export const ENV_OVERRIDES: Record<string, string> = {
  HOST: 'host',
  PORT: 'port',
  VIDEOS_DIR: 'videos_dir',
  LOG_LEVEL: 'log_level',
};
