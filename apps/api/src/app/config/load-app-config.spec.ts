import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadAppConfig } from './load-app-config';

describe('loadAppConfig', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'camrec-config-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const withFile = (content: unknown, env: Record<string, string> = {}) => {
    writeFileSync(
      join(dir, 'config.json'),
      typeof content === 'string' ? content : JSON.stringify(content),
    );
    return loadAppConfig({ env, cwd: dir });
  };
  const failure = (content: unknown, env: Record<string, string> = {}): string => {
    try {
      withFile(content, env);
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as Error).message;
    }
    throw new Error('expected a ConfigError');
  };

  it('gives every default when there is no config file', () => {
    const config = loadAppConfig({ env: {}, cwd: dir });
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 8000,
      max_sessions: 3,
      videos_dir: join(dir, 'videos'),
      ffmpeg_path: 'ffmpeg',
      ffprobe_path: 'ffprobe',
      jpeg_quality: 70,
      verify_frames: 10,
      verify_timeout_s: 5,
      verify_attempts: 3,
      preview_max_consecutive_errors: 10,
      record_max_duration_s: 3600,
      record_crf: 23,
      record_preset: 'veryfast',
      audio_bitrate: '128k',
      proxy_mode: 'auto',
      mediamtx_port: 8554,
      go2rtc_port: 8555,
      mediamtx_path: null,
      go2rtc_path: null,
      binaries_dir: join(dir, 'bin'),
      auto_download: true,
      demo_camera: true,
      log_level: 'info',
      pre_roll_ring_mb: 32,
      retention_max_gb: 0,
      retention_min_free_gb: 0,
      retention_days: 0,
    });
  });

  it('reads values from the file and resolves folders against the working directory', () => {
    const config = withFile({
      port: 9000,
      videos_dir: 'clips',
      proxy_mode: 'direct',
      demo_camera: false,
    });
    expect(config.port).toBe(9000);
    expect(config.videos_dir).toBe(join(dir, 'clips'));
    expect(config.proxy_mode).toBe('direct');
    expect(config.demo_camera).toBe(false);
  });

  it('lets HOST, PORT, VIDEOS_DIR and LOG_LEVEL override the file', () => {
    const config = withFile(
      { port: 9000 },
      { HOST: '0.0.0.0', PORT: '9100', VIDEOS_DIR: '/tmp/v', LOG_LEVEL: 'debug' },
    );
    expect(config).toMatchObject({
      host: '0.0.0.0',
      port: 9100,
      videos_dir: '/tmp/v',
      log_level: 'debug',
    });
  });

  it('gives the security keys their defaults and keeps the token file beside the config', () => {
    expect(loadAppConfig({ env: {}, cwd: dir })).toMatchObject({
      auth_token: null,
      metrics_token: null,
      allowed_hosts: [],
      cors_origins: [],
      tls_cert: null,
      tls_key: null,
      open_rate_limit_per_min: 30,
      max_viewers_per_session: 16,
      auth_token_file: join(dir, 'auth_token'),
    });
  });

  it('has MQTT off by default and reads its keys', () => {
    expect(loadAppConfig({ env: {}, cwd: dir })).toMatchObject({
      mqtt_url: null,
      mqtt_username: null,
      mqtt_password: null,
      mqtt_topic_prefix: 'camrec',
      mqtt_discovery_prefix: 'homeassistant',
      onvif_interface: null,
    });
    expect(
      withFile({
        mqtt_url: 'mqtts://nvr:pa%40ss@broker.lan:8883',
        mqtt_username: 'nvr',
        mqtt_password: 'a secret with spaces',
        mqtt_topic_prefix: 'home/nvr-1',
        mqtt_discovery_prefix: 'ha_discovery',
      }),
    ).toMatchObject({
      mqtt_url: 'mqtts://nvr:pa%40ss@broker.lan:8883',
      mqtt_password: 'a secret with spaces',
      mqtt_topic_prefix: 'home/nvr-1',
    });
    expect(withFile({ mqtt_url: 'mqtt://[::1]:1883/' }).mqtt_url).toBe('mqtt://[::1]:1883/');
  });

  it.each([
    [
      { mqtt_url: 'http://broker:1883' },
      /key "mqtt_url" is "http:\/\/broker:1883"; expected null or a broker URL/,
    ],
    [{ mqtt_url: 'mqtt://broker:1883/path' }, /key "mqtt_url" .*expected null or a broker URL/],
    [
      { mqtt_url: 'mqtt://broker:99999' },
      /key "mqtt_url" is "mqtt:\/\/broker:99999"; expected a broker URL .*port 1 to 65535/,
    ],
    [
      { mqtt_topic_prefix: 'camrec/#' },
      /key "mqtt_topic_prefix" is "camrec\/#"; expected topic levels/,
    ],
    [{ mqtt_topic_prefix: '/camrec' }, /key "mqtt_topic_prefix" .*expected topic levels/],
    [{ mqtt_discovery_prefix: '' }, /key "mqtt_discovery_prefix" is ""; expected topic levels/],
    [{ mqtt_username: '' }, /key "mqtt_username" is ""; expected null or a non-empty string/],
  ])('refuses a bad MQTT setting %j, naming the key', (content, message) => {
    expect(failure(content)).toMatch(message);
  });

  it('never repeats an MQTT password in its message', () => {
    const inUrl = failure({ mqtt_url: 'mqtt://nvr:hunter2@broker:1883/x' });
    expect(inUrl).toMatch(/key "mqtt_url" is "mqtt:\/\/\*\*\*@broker:1883\/x"; expected/);
    const malformed = failure({ mqtt_url: 'mqtt:/nvr:hunter2@broker' });
    expect(malformed).toMatch(/key "mqtt_url" is "\*\*\*@broker"; expected/);
    const badPort = failure({ mqtt_url: 'mqtt://nvr:hunter2@broker:70000' });
    expect(badPort).toMatch(/key "mqtt_url" is "mqtt:\/\/\*\*\*@broker:70000"/);
    const password = failure({ mqtt_password: '' });
    expect(password).toMatch(/key "mqtt_password" is not shown .*; expected null or a non-empty/);
    for (const message of [inUrl, malformed, badPort]) expect(message).not.toContain('hunter2');
  });

  it('reads the file named by CAMREC_CONFIG', () => {
    writeFileSync(join(dir, 'other.json'), JSON.stringify({ max_sessions: 7 }));
    expect(loadAppConfig({ env: { CAMREC_CONFIG: 'other.json' }, cwd: dir }).max_sessions).toBe(7);
  });

  it.each([
    ['an unknown key', { prot: 8000 }, /unknown key "prot"/],
    ['a wrong type', { port: '8000' }, /key "port" is "8000"; expected an integer from 0 to 65535/],
    [
      'a value out of range',
      { max_sessions: 0 },
      /key "max_sessions" is 0; expected an integer from 1 to 64/,
    ],
    [
      'a fraction where an integer is expected',
      { verify_frames: 2.5 },
      /key "verify_frames" is 2.5; expected an integer/,
    ],
    [
      'a number too large',
      { jpeg_quality: 101 },
      /key "jpeg_quality" is 101; expected an integer from 1 to 100/,
    ],
    [
      'a bad enum value',
      { proxy_mode: 'always' },
      /key "proxy_mode" is "always"; expected one of auto, proxy, direct/,
    ],
    [
      'a bad preset',
      { record_preset: 'turbo' },
      /key "record_preset" is "turbo"; expected one of ultrafast/,
    ],
    ['a non-boolean', { demo_camera: 'yes' }, /key "demo_camera" is "yes"; expected true or false/],
    ['an empty string', { videos_dir: '' }, /key "videos_dir" is ""; expected a non-empty string/],
    [
      'a malformed bitrate',
      { audio_bitrate: '128' },
      /key "audio_bitrate" is "128"; expected a bitrate such as "128k"/,
    ],
    [
      'a bad optional path',
      { mediamtx_path: 5 },
      /key "mediamtx_path" is 5; expected a non-empty string \(a file path\) or null/,
    ],
    [
      'a negative timeout',
      { verify_timeout_s: -1 },
      /key "verify_timeout_s" is -1; expected a number from 0.5 to 120/,
    ],
    [
      'a malformed CORS origin',
      { cors_origins: ['https://nvr.lan/path'] },
      /key "cors_origins" is \["https:\/\/nvr.lan\/path"\]; expected a list of origins/,
    ],
    [
      'allowed_hosts that is not a list',
      { allowed_hosts: 'nvr.lan' },
      /expected a list of host names/,
    ],
    [
      'a short auth_token',
      { auth_token: 'short' },
      /key "auth_token" is "short"; expected null or a token of 16/,
    ],
    [
      'a metrics_token with a space',
      { metrics_token: 'prometheus scrapes here' },
      /key "metrics_token" is "prometheus scrapes here"; expected null or a token of 16/,
    ],
    ['a viewer cap of 0', { max_viewers_per_session: 0 }, /expected an integer from 1 to 1000/],
    ['a rate limit of 0', { open_rate_limit_per_min: 0 }, /expected an integer from 1 to 10000/],
    [
      'tls_cert without tls_key',
      { tls_cert: '/etc/hostname' },
      /"tls_cert" and "tls_key" go together; expected both/,
    ],
    [
      'a TLS file that does not exist',
      { tls_cert: 'missing-cert.pem', tls_key: 'missing-key.pem' },
      /key "tls_cert" is ".*missing-cert.pem"; expected a readable PEM file \(ENOENT\)/,
    ],
    ['a __proto__ key', JSON.parse('{"__proto__": {"port": 1}}'), /unknown key "__proto__"/],
  ])('refuses %s, naming the key and what is expected', (_what, content, message) => {
    expect(failure(content)).toMatch(message);
  });

  it('refuses malformed JSON and a non-object', () => {
    expect(failure('{ "port": ')).toMatch(/is not valid JSON/);
    expect(failure('[1,2]')).toMatch(/must contain a JSON object/);
  });

  it('refuses a bad environment override, naming the variable', () => {
    expect(failure({}, { PORT: 'eighty' })).toMatch(
      /environment variable PORT is "eighty"; expected an integer/,
    );
    expect(failure({}, { LOG_LEVEL: 'loud' })).toMatch(
      /environment variable LOG_LEVEL is "loud"; expected one of error, warn, info, debug/,
    );
  });

  it('refuses a CAMREC_CONFIG file that does not exist', () => {
    expect(() => loadAppConfig({ env: { CAMREC_CONFIG: 'missing.json' }, cwd: dir })).toThrow(
      /does not exist/,
    );
  });
});
