// Command line of the Python RTSP server (rtsp_server.py), and where to find it and Python.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  H264Profile,
  ResolvedCommonOptions,
  RtspAudio,
  RtspTransports,
  RtspVideoCodec,
} from '../camera-options';

export const RTSP_SERVER_SCRIPT = 'rtsp_server.py';
/**
 * The camera's password reaches the server in its environment, which only its own user can
 * read: on the command line every local user would see it, and the tests that check that no
 * process shows a camera password would find the simulated camera's.
 */
export const RTSP_PASSWORD_ENV = 'CAMERA_SIM_RTSP_PASSWORD';

export interface RtspServerConfig extends ResolvedCommonOptions {
  path: string;
  codec: RtspVideoCodec;
  profile: H264Profile;
  audio: RtspAudio;
  gop: number;
  transports: RtspTransports;
}

export function buildRtspServerArgs(
  script: string,
  config: RtspServerConfig,
  parentPid: number,
): string[] {
  const args = [
    // Unbuffered, so that the READY line and errors reach the Node side at once.
    '-u',
    script,
    '--host',
    config.host,
    '--port',
    String(config.port),
    '--path',
    config.path,
    '--width',
    String(config.width),
    '--height',
    String(config.height),
    '--fps',
    String(config.fps),
    '--gop',
    String(config.gop),
    '--codec',
    config.codec,
    '--profile',
    config.profile,
    '--audio',
    config.audio,
    '--transports',
    config.transports,
    '--parent-pid',
    String(parentPid),
  ];
  if (config.auth) {
    args.push('--auth', config.auth.type, '--user', config.auth.user);
  }
  if (config.dropAfterFrames !== undefined)
    args.push('--drop-after', String(config.dropAfterFrames));
  return args;
}

/** The server's environment: the caller's, plus the password when the camera has one. */
export function buildRtspServerEnv(
  config: RtspServerConfig,
  base: NodeJS.ProcessEnv = process.env,
): NodeJS.ProcessEnv {
  return config.auth ? { ...base, [RTSP_PASSWORD_ENV]: config.auth.password } : { ...base };
}

/** Parses the server's `READY <port>` line; null for any other line. */
export function parseReadyLine(line: string): number | null {
  const match = /^READY (\d+)\s*$/.exec(line);
  return match ? Number(match[1]) : null;
}

/**
 * The script sits beside this module in the sources and, after a build, wherever the build copied
 * it: beside the compiled module (plain tsc) or beside the bundle.
 */
export function locateRtspServerScript(baseDir: string = __dirname): string {
  const candidates = [join(baseDir, RTSP_SERVER_SCRIPT), join(baseDir, 'rtsp', RTSP_SERVER_SCRIPT)];
  const found = candidates.find((path) => existsSync(path));
  if (!found)
    throw new Error(`${RTSP_SERVER_SCRIPT} not found; looked at ${candidates.join(', ')}`);
  return found;
}

/** Debian's and most distributions' system Python carries the GStreamer gi bindings. */
export function defaultPythonPath(platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return 'python';
  return existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
}
