// Command line of `camera-sim`: parsed into the options @camrec/testing's simulated cameras take.
import {
  type CameraAuth,
  MJPEG_DEFAULT_FPS,
  type MjpegCameraOptions,
  motionScene,
  type ReplayCameraOptions,
  resolveCommonOptions,
  RTSP_DEFAULT_FPS,
  type RtspCameraOptions,
} from '@camrec/testing/camera-sim';

export const CLI_USAGE = `Usage:
  camera-sim mjpeg [--port 8081] [--size 640x360] [--fps 10] [--quality 1-100]
                   [common options]
  camera-sim rtsp  [--port 8554] [--path /stream] [--codec h264|h265] [--profile baseline|main]
                   [--audio none|aac|pcma] [--gop SECONDS] [--transports tcp|udp|both] [--python PATH] [--size 640x360]
                   [--fps 25] [common options]
  camera-sim replay [--port 8554] [--path /stream] [--gop SECONDS] [--loop SECONDS] [--kbps RATE]
                   [--python PATH] [--size 640x360] [--fps 25] [--host, --log, --ffmpeg]
                   (a pre-encoded H.264 loop sent without re-encoding, for scale benchmarks;
                   frame n of the log shows n modulo the loop's frame count in its bar)
Common options:
  --host ADDRESS                 interface to listen on (default 127.0.0.1); --port 0 = any free port
  --auth basic|digest --user U --password P
  --drop-after N                 cut connections after N frames
  --silent                       accept connections, never send a byte
  --vfr                          irregular frame intervals
  --log FILE                     one line "<index> <wall-clock ms>" per emitted frame, and
                                 "<index> dropped" for one the RTSP encoder dropped after all
  --scene motion                 a still, noisy picture instead of the test pattern, with:
    --move-at S1,S2,...          seconds at which a box moves for 2 s (right, then back left)
    --brightness-per-s B         brightness added per second (eq filter, -1 to 1 in all)
  --ffmpeg PATH                  ffmpeg executable (default: ffmpeg from PATH)
  --exit-on-stdin-eof            stop when standard input ends (a parent process that starts
                                 the camera with a pipe on stdin takes it down when it dies)`;

export type CliCommand =
  | { kind: 'help' }
  | { kind: 'mjpeg'; options: MjpegCameraOptions; exitOnStdinEof: boolean }
  | { kind: 'rtsp'; options: RtspCameraOptions; exitOnStdinEof: boolean }
  | { kind: 'replay'; options: ReplayCameraOptions; exitOnStdinEof: boolean };

export class CliUsageError extends Error {
  override name = 'CliUsageError';
}

const FLAGS = new Set(['silent', 'vfr', 'exit-on-stdin-eof']);
const COMMON = [
  'exit-on-stdin-eof',
  'host',
  'port',
  'size',
  'fps',
  'auth',
  'user',
  'password',
  'drop-after',
  'log',
  'ffmpeg',
  'scene',
  'move-at',
  'brightness-per-s',
];
const ALLOWED: Record<'mjpeg' | 'rtsp' | 'replay', Set<string>> = {
  mjpeg: new Set([...COMMON, ...FLAGS, 'quality']),
  rtsp: new Set([
    ...COMMON,
    ...FLAGS,
    'path',
    'codec',
    'profile',
    'audio',
    'gop',
    'transports',
    'python',
  ]),
  replay: new Set([
    'exit-on-stdin-eof',
    'host',
    'port',
    'size',
    'fps',
    'log',
    'ffmpeg',
    'path',
    'gop',
    'loop',
    'kbps',
    'python',
  ]),
};
const DEFAULT_PORTS = { mjpeg: 8081, rtsp: 8554, replay: 8554 };

export function parseCliArgs(argv: readonly string[]): CliCommand {
  const [type, ...rest] = argv;
  if (
    !type ||
    type === '--help' ||
    type === '-h' ||
    rest.includes('--help') ||
    rest.includes('-h')
  ) {
    return { kind: 'help' };
  }
  if (type !== 'mjpeg' && type !== 'rtsp' && type !== 'replay')
    throw new CliUsageError(`unknown camera type "${type}"`);
  const values = readOptions(rest, ALLOWED[type]);
  const exitOnStdinEof = values.has('exit-on-stdin-eof');
  const common = {
    host: values.get('host'),
    port: integer(values, 'port') ?? DEFAULT_PORTS[type],
    ...size(values.get('size')),
    fps: integer(values, 'fps'),
    auth: auth(values),
    dropAfterFrames: integer(values, 'drop-after'),
    silent: values.has('silent'),
    vfr: values.has('vfr'),
    log: values.get('log'),
    ffmpegPath: values.get('ffmpeg'),
  };
  if (type === 'replay') {
    const replay: ReplayCameraOptions = {
      host: common.host,
      port: common.port,
      width: common.width,
      height: common.height,
      fps: common.fps,
      log: common.log,
      ffmpegPath: common.ffmpegPath,
      path: values.get('path'),
      gop: number(values, 'gop'),
      loopSeconds: number(values, 'loop'),
      kbps: number(values, 'kbps'),
      pythonPath: values.get('python'),
    };
    return { kind: 'replay', options: withoutUndefined(replay), exitOnStdinEof };
  }
  const defaultFps = type === 'mjpeg' ? MJPEG_DEFAULT_FPS : RTSP_DEFAULT_FPS;
  const scene = sceneOption(values, () => resolveCommonOptions(common, defaultFps));
  if (type === 'mjpeg') {
    return {
      kind: 'mjpeg',
      options: withoutUndefined({ ...common, scene, quality: integer(values, 'quality') }),
      exitOnStdinEof,
    };
  }
  const rtsp: RtspCameraOptions = {
    ...common,
    scene,
    path: values.get('path'),
    codec: values.get('codec') as RtspCameraOptions['codec'],
    profile: values.get('profile') as RtspCameraOptions['profile'],
    audio: values.get('audio') as RtspCameraOptions['audio'],
    gop: number(values, 'gop'),
    transports: values.get('transports') as RtspCameraOptions['transports'],
    pythonPath: values.get('python'),
  };
  return { kind: 'rtsp', options: withoutUndefined(rtsp), exitOnStdinEof };
}

/** `--scene motion` and its options as a lavfi graph of the camera's size and rate. */
function sceneOption(
  values: Map<string, string>,
  picture: () => { width: number; height: number; fps: number },
): string | undefined {
  const name = values.get('scene');
  if (name === undefined) {
    for (const option of ['move-at', 'brightness-per-s'])
      if (values.has(option)) throw new CliUsageError(`--${option} needs --scene motion`);
    return undefined;
  }
  if (name !== 'motion') throw new CliUsageError(`--scene must be motion, got "${name}"`);
  const brightnessPerS = number(values, 'brightness-per-s');
  if (brightnessPerS !== undefined && Math.abs(brightnessPerS) > 1)
    throw new CliUsageError(`--brightness-per-s must be from -1 to 1, got ${brightnessPerS}`);
  const { width, height, fps } = picture();
  return motionScene({
    width,
    height,
    fps,
    moveAtS: moveAt(values.get('move-at')),
    brightnessPerS,
  });
}

function moveAt(text: string | undefined): number[] | undefined {
  if (text === undefined) return undefined;
  const seconds = text.split(',').map((s) => (s.trim() === '' ? NaN : Number(s)));
  if (
    !seconds.every((s) => Number.isFinite(s) && s >= 0) ||
    seconds.some((s, k) => k && s <= seconds[k - 1])
  )
    throw new CliUsageError(
      `--move-at must be increasing seconds separated by commas, got "${text}"`,
    );
  return seconds;
}

/** `--name value`, `--name=value` and bare flags; the value of a flag is ''. */
function readOptions(args: readonly string[], allowed: Set<string>): Map<string, string> {
  const values = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(args[i]);
    if (!match) throw new CliUsageError(`unexpected argument "${args[i]}"`);
    const [, name, inline] = match;
    if (!allowed.has(name)) throw new CliUsageError(`unknown option --${name}`);
    if (FLAGS.has(name)) {
      values.set(name, '');
      continue;
    }
    const value = inline ?? args[++i];
    if (value === undefined) throw new CliUsageError(`--${name} needs a value`);
    values.set(name, value);
  }
  return values;
}

function number(values: Map<string, string>, name: string): number | undefined {
  const text = values.get(name);
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) {
    throw new CliUsageError(`--${name} must be a number, got "${text}"`);
  }
  return value;
}

function integer(values: Map<string, string>, name: string): number | undefined {
  const value = number(values, name);
  if (value !== undefined && !Number.isInteger(value)) {
    throw new CliUsageError(`--${name} must be a whole number, got ${value}`);
  }
  return value;
}

function size(text: string | undefined): { width?: number; height?: number } {
  if (text === undefined) return {};
  const match = /^(\d+)x(\d+)$/.exec(text);
  if (!match) throw new CliUsageError(`--size must look like 640x360, got "${text}"`);
  return { width: Number(match[1]), height: Number(match[2]) };
}

function auth(values: Map<string, string>): CameraAuth | undefined {
  const type = values.get('auth');
  const user = values.get('user');
  const password = values.get('password');
  if (type === undefined) {
    if (user !== undefined || password !== undefined) {
      throw new CliUsageError('--user and --password need --auth basic|digest');
    }
    return undefined;
  }
  if (type !== 'basic' && type !== 'digest') {
    throw new CliUsageError(`--auth must be basic or digest, got "${type}"`);
  }
  if (!user || password === undefined)
    throw new CliUsageError('--auth needs --user and --password');
  return { type, user, password };
}

function withoutUndefined<T extends object>(options: T): T {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as T;
}
