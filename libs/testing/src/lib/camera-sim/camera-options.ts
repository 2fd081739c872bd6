// Public option and handle types of the simulated cameras, their defaults and validation.

export interface CameraAuth {
  type: 'basic' | 'digest';
  user: string;
  password: string;
}

export interface CommonCameraOptions {
  /** Interface to listen on; default 127.0.0.1. */
  host?: string;
  /** 0 (default) picks a free port; `SimCamera.port` tells which. */
  port?: number;
  /** Frame size; default 640x360. Both must be even (I420). */
  width?: number;
  height?: number;
  /** Nominal frames per second; default 10 (MJPEG) or 25 (RTSP). */
  fps?: number;
  auth?: CameraAuth;
  /** MJPEG: each connection is cut after this many frames. RTSP: all clients are removed. */
  dropAfterFrames?: number;
  /** Accept TCP connections and never send a byte. */
  silent?: boolean;
  /** Deterministic irregular frame intervals (0.5x, 1x, 1.5x, 2x the nominal interval). */
  vfr?: boolean;
  /**
   * File that receives one line `<index> <wall-clock ms>` per frame sent (truncated first): a
   * frame the camera skipped because its output was backed up is not in it.
   */
  log?: string;
  /** ffmpeg executable; default `ffmpeg` from PATH. */
  ffmpegPath?: string;
  /**
   * A lavfi source graph drawing the picture instead of the moving test pattern, e.g. a still
   * scene with a box that starts moving at a known second (motion tests). It must produce
   * width×height at fps; the frame-index bar and the clock are drawn over it.
   */
  scene?: string;
}

export interface MjpegCameraOptions extends CommonCameraOptions {
  /** JPEG quality 1 (worst) to 100 (best); default 80. */
  quality?: number;
}

export type RtspVideoCodec = 'h264' | 'h265';
export type RtspAudio = 'none' | 'aac' | 'pcma';
export type H264Profile = 'baseline' | 'main';
/** RTP transports the camera offers: many real cameras speak only one of them. */
export type RtspTransports = 'tcp' | 'udp' | 'both';

export interface RtspCameraOptions extends CommonCameraOptions {
  /** Mount path; default `/stream`. */
  path?: string;
  codec?: RtspVideoCodec;
  /** H.264 profile; default baseline. */
  profile?: H264Profile;
  audio?: RtspAudio;
  /** Keyframe interval in seconds; default 2. */
  gop?: number;
  /** RTP transports offered; default both. */
  transports?: RtspTransports;
  /** Python 3 with GStreamer's gi bindings; default /usr/bin/python3 when present, else python3. */
  pythonPath?: string;
}

export interface SimCamera {
  /** URL without credentials. */
  url: string;
  /** URL with `user:password@`, only when auth is set. */
  urlWithCredentials?: string;
  port: number;
  /** Idempotent; resolves when every child process has exited. */
  stop(): Promise<void>;
  /** PIDs of every child process it started, for orphan checks. */
  pids(): number[];
  framesEmitted(): number;
}

export type ResolvedCommonOptions = Required<
  Omit<CommonCameraOptions, 'auth' | 'log' | 'dropAfterFrames' | 'scene'>
> &
  Pick<CommonCameraOptions, 'auth' | 'log' | 'dropAfterFrames' | 'scene'>;

export class CameraOptionsError extends Error {
  override name = 'CameraOptionsError';
}

export function resolveCommonOptions(
  options: CommonCameraOptions,
  defaultFps: number,
): ResolvedCommonOptions {
  const resolved: ResolvedCommonOptions = {
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    width: options.width ?? 640,
    height: options.height ?? 360,
    fps: options.fps ?? defaultFps,
    auth: options.auth,
    dropAfterFrames: options.dropAfterFrames,
    silent: options.silent ?? false,
    vfr: options.vfr ?? false,
    log: options.log,
    ffmpegPath: options.ffmpegPath ?? 'ffmpeg',
    scene: options.scene,
  };
  requireInteger('port', resolved.port, 0, 65535);
  requireInteger('width', resolved.width, 16, 7680);
  requireInteger('height', resolved.height, 16, 4320);
  if (resolved.width % 2 || resolved.height % 2) {
    throw new CameraOptionsError(
      `width and height must be even, got ${resolved.width}x${resolved.height}`,
    );
  }
  requireInteger('fps', resolved.fps, 1, 120);
  if (resolved.dropAfterFrames !== undefined) {
    requireInteger('dropAfterFrames', resolved.dropAfterFrames, 1, Number.MAX_SAFE_INTEGER);
  }
  if (resolved.auth) {
    const { type, user } = resolved.auth;
    if (type !== 'basic' && type !== 'digest') {
      throw new CameraOptionsError(`auth.type must be basic or digest, got ${String(type)}`);
    }
    if (!user || user.includes(':')) {
      throw new CameraOptionsError('auth.user must be non-empty and contain no ":"');
    }
  }
  return resolved;
}

export function requireInteger(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new CameraOptionsError(`${name} must be an integer from ${min} to ${max}, got ${value}`);
  }
}

export function requireOneOf<T extends string>(name: string, value: T, allowed: readonly T[]): T {
  if (!allowed.includes(value)) {
    throw new CameraOptionsError(`${name} must be one of ${allowed.join(', ')}, got ${value}`);
  }
  return value;
}

/** `scheme://host:port/path`, plus the same with credentials when auth is set. */
export function cameraUrls(
  scheme: 'http' | 'rtsp',
  host: string,
  port: number,
  path: string,
  auth: CameraAuth | undefined,
): Pick<SimCamera, 'url' | 'urlWithCredentials'> {
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  const authority = `${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${port}`;
  const url = `${scheme}://${authority}${path}`;
  if (!auth) return { url };
  const credentials = `${encodeURIComponent(auth.user)}:${encodeURIComponent(auth.password)}`;
  return { url, urlWithCredentials: `${scheme}://${credentials}@${authority}${path}` };
}
