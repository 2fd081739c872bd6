import type { ProxyMode } from '@camrec/shared-types';
import {
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsString,
  Matches,
  Max,
  Min,
  ValidateIf,
  type ValidationOptions,
} from 'class-validator';

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

/*
 * Each rule below gives every one of its constraints the same message ("expected …"), so the
 * one line printed for a bad value does not depend on which constraint class-validator
 * happened to check first.
 */
function expected(text: string, each = false): ValidationOptions {
  return { message: `expected ${text}`, each };
}

function IntRange(min: number, max: number): PropertyDecorator {
  const options = expected(`an integer from ${min} to ${max}`);
  return (target, key) => {
    IsInt(options)(target, key);
    Min(min, options)(target, key);
    Max(max, options)(target, key);
  };
}

function NumberRange(min: number, max: number): PropertyDecorator {
  const options = expected(`a number from ${min} to ${max}`);
  return (target, key) => {
    IsNumber({ allowNaN: false, allowInfinity: false }, options)(target, key);
    Min(min, options)(target, key);
    Max(max, options)(target, key);
  };
}

/** A string with something other than spaces in it, optionally of a given form. */
function Text(pattern = /\S/, describe = 'a non-empty string'): PropertyDecorator {
  const options = expected(describe);
  return (target, key) => {
    IsString(options)(target, key);
    Matches(pattern, options)(target, key);
  };
}

function TextOrNull(pattern: RegExp, describe: string): PropertyDecorator {
  return (target, key) => {
    ValidateIf((_object, value) => value !== null)(target, key);
    Text(pattern, describe)(target, key);
  };
}

function OneOf(values: readonly string[]): PropertyDecorator {
  return IsIn([...values], expected(`one of ${values.join(', ')}`));
}

function Flag(): PropertyDecorator {
  return IsBoolean(expected('true or false'));
}

function ListOf(pattern: RegExp, describe: string): PropertyDecorator {
  return (target, key) => {
    IsArray(expected(describe))(target, key);
    IsString(expected(describe, true))(target, key);
    Matches(pattern, expected(describe, true))(target, key);
  };
}

const HOST_NAME = /^[A-Za-z0-9.:[\]-]+$/;
/** scheme://host[:port], the form browsers send in the Origin header. */
const ORIGIN = /^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$|^https?:\/\/\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;
/** Printable ASCII without spaces: it travels in an Authorization header and a cookie. */
const TOKEN = /^[\x21-\x7e]{16,256}$/;
const FILE_PATH = /\S/;
/** mqtt:// or mqtts://, optional user-info, a host, an optional port, nothing after. */
const MQTT_URL = /^mqtts?:\/\/([^\s/?#]*@)?(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?\/?$/i;
/** Topic levels of letters, digits, `_` and `-` (no wildcards, no empty level). */
const MQTT_TOPIC = /^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/;
/** A network interface's name as the system lists it ("eth0", "Ethernet 2"). */
// eslint-disable-next-line no-control-regex -- refusing control characters is the point
const INTERFACE_NAME = /^[^\u0000-\u001f\u007f]{1,64}$/;
const MQTT_TOPIC_DESCRIPTION =
  'topic levels of letters, digits, _ and - separated by / (such as "camrec" or "home/nvr")';

/**
 * The configuration: every key of config.json, its default and its rule (class-validator).
 * Built once at start-up by `loadAppConfig`; injected wherever a setting is needed (nothing
 * else reads config.json or process.env).
 */
export class AppConfig {
  @Text(HOST_NAME, 'a host name or IP address') host = '127.0.0.1';
  @IntRange(0, 65535) port = 8000;
  /** Sessions of pasted URLs open at once (saved cameras count against max_cameras instead). */
  @IntRange(1, 64) max_sessions = 3;
  /** Saved cameras; each keeps one session open (two with a substream). */
  @IntRange(1, 256) max_cameras = 32;
  /** Absolute path once loaded. */
  @Text() videos_dir = 'videos';
  /** The metadata index (SQLite); null = `index.sqlite` in the videos folder. Absolute once loaded. */
  @TextOrNull(FILE_PATH, 'a non-empty string (a file path) or null')
  index_path: string | null = null;
  @Text() ffmpeg_path = 'ffmpeg';
  @Text() ffprobe_path = 'ffprobe';
  @IntRange(1, 100) jpeg_quality = 70;
  @IntRange(1, 1000) verify_frames = 10;
  @NumberRange(0.5, 120) verify_timeout_s = 5;
  @IntRange(1, 10) verify_attempts = 3;
  @IntRange(1, 10000) preview_max_consecutive_errors = 10;
  @IntRange(1, 86400) record_max_duration_s = 3600;
  @IntRange(0, 51) record_crf = 23;
  @OneOf(X264_PRESETS) record_preset: (typeof X264_PRESETS)[number] = 'veryfast';
  @Text(/^[1-9][0-9]{0,3}k$/, 'a bitrate such as "128k"') audio_bitrate = '128k';
  @OneOf(['auto', 'proxy', 'direct']) proxy_mode: ProxyMode = 'auto';
  @IntRange(1, 65535) mediamtx_port = 8554;
  @IntRange(1, 65535) go2rtc_port = 8555;
  @TextOrNull(FILE_PATH, 'a non-empty string (a file path) or null')
  mediamtx_path: string | null = null;
  @TextOrNull(FILE_PATH, 'a non-empty string (a file path) or null')
  go2rtc_path: string | null = null;
  /** Absolute path of the folder where proxy binaries are cached, once loaded. */
  @Text() binaries_dir = 'bin';
  @Flag() auto_download = true;
  @Flag() demo_camera = true;
  @OneOf(LOG_LEVELS) log_level: LogLevel = 'info';
  /** Required by every request when `host` is not loopback; generated when null. */
  @TextOrNull(TOKEN, 'null or a token of 16 to 256 printable characters without spaces')
  auth_token: string | null = null;
  /**
   * A second token that opens `/metrics` only (a Prometheus can hold it without being able to
   * change cameras); null: scrapes need the access token like any request.
   */
  @TextOrNull(TOKEN, 'null or a token of 16 to 256 printable characters without spaces')
  metrics_token: string | null = null;
  /** Host names (besides loopback and `host`) that requests may carry in their Host header. */
  @ListOf(HOST_NAME, 'a list of host names such as ["nvr.home.lan"]')
  allowed_hosts: string[] = [];
  /** Origins (besides the app's own) whose pages may call the API. */
  @ListOf(ORIGIN, 'a list of origins such as ["https://nvr.home.lan:8443"]')
  cors_origins: string[] = [];
  /** PEM files; with both set the app serves HTTPS and WSS only. Absolute paths once loaded. */
  @TextOrNull(FILE_PATH, 'a non-empty string (a file path) or null')
  tls_cert: string | null = null;
  @TextOrNull(FILE_PATH, 'a non-empty string (a file path) or null')
  tls_key: string | null = null;
  @IntRange(1, 10000) open_rate_limit_per_min = 30;
  @IntRange(1, 1000) max_viewers_per_session = 16;
  /** Per session: recent fragments kept for the pre-roll of motion and manual clips. */
  @IntRange(1, 4096) pre_roll_ring_mb = 32;
  /** Retention (0 = no limit): the oldest clips not marked "keep" go first. */
  @NumberRange(0, 1000000) retention_max_gb = 0;
  @NumberRange(0, 1000000) retention_min_free_gb = 0;
  @NumberRange(0, 36500) retention_days = 0;
  /** Continuous footage older than this goes (0 = kept by the limits above only). */
  @NumberRange(0, 36500) retention_continuous_days = 0;
  /** Continuous footage around a motion event is kept this long (0 = as other footage). */
  @NumberRange(0, 36500) retention_events_days = 0;
  /** The MQTT broker; null: no MQTT. A password in it is masked in logs, errors and /health. */
  @TextOrNull(MQTT_URL, 'null or a broker URL such as "mqtt://127.0.0.1:1883" (mqtt or mqtts)')
  mqtt_url: string | null = null;
  /** Override the user name and password of `mqtt_url`. */
  @TextOrNull(/\S/, 'null or a non-empty string')
  mqtt_username: string | null = null;
  @TextOrNull(/^[\s\S]+$/, 'null or a non-empty string')
  mqtt_password: string | null = null;
  /** Topics are `<prefix>/…`: `<prefix>/available`, `<prefix>/<camera id>/motion`, … */
  @Text(MQTT_TOPIC, MQTT_TOPIC_DESCRIPTION) mqtt_topic_prefix = 'camrec';
  /** Home Assistant's MQTT discovery prefix (its default is `homeassistant`). */
  @Text(MQTT_TOPIC, MQTT_TOPIC_DESCRIPTION) mqtt_discovery_prefix = 'homeassistant';
  /**
   * The network interface ONVIF discovery probes from (`eth0`); null: the one of the default
   * route. Its IPv4 address is the probe's source, so the multicast leaves through it.
   */
  @TextOrNull(INTERFACE_NAME, 'null or a network interface name such as "eth0"')
  onvif_interface: string | null = null;

  // Derived at load time, not keys of config.json (`declare`: no own property to validate).
  /** The PATH environment variable, where proxy binaries are looked up. */
  declare search_path: string;
  /** Where a generated auth token is kept: beside the config file, mode 0600. */
  declare auth_token_file: string;
  /**
   * The environment the server started with: a saved camera's URL may name `${VARIABLE}` for a
   * password kept there instead of in the index.
   */
  declare camera_env: Readonly<Record<string, string | undefined>>;
}

/** The keys config.json may contain, in the order of the table in README. */
export const CONFIG_KEYS: readonly string[] = Object.keys(new AppConfig());
