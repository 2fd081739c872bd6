import { type ChildProcessRegistry, runMediaCommand } from '@camrec/process';
import type { FfmpegHealth } from '@camrec/shared-types';

/**
 * The oldest ffmpeg whose options mean what the arguments built here expect: before 5.1,
 * `-timeout` on an RTSP input means "listen for a connection" instead of a socket timeout.
 */
export const MIN_FFMPEG_VERSION = { major: 5, minor: 1 };

/**
 * Why a version string is too old, or null when it is new enough or cannot be told (a git
 * build such as "N-112233-g…" is newer than any release).
 */
export function ffmpegTooOld(version: string): string | null {
  const match = /^n?(\d+)\.(\d+)/.exec(version);
  if (!match) return null;
  const [major, minor] = [Number(match[1]), Number(match[2])];
  const { major: needMajor, minor: needMinor } = MIN_FFMPEG_VERSION;
  if (major > needMajor || (major === needMajor && minor >= needMinor)) return null;
  return `version ${version} is older than ${needMajor}.${needMinor}, which Camera Recorder needs (its RTSP options mean something else before)`;
}

export interface ProbeVersionOptions {
  /** Name used in messages: "ffmpeg" or "ffprobe" (default: the file name of `path`). */
  label?: 'ffmpeg' | 'ffprobe';
  registry?: ChildProcessRegistry;
  timeoutMs?: number;
}

/**
 * Runs `<path> -version` for /health: the version string (e.g. "5.1.9-0+deb12u1"), or null
 * and the reason the binary is unusable; a version that is too old comes with the reason.
 */
export async function probeFfmpegVersion(
  path: string,
  options: ProbeVersionOptions = {},
): Promise<FfmpegHealth> {
  const label = options.label ?? (/ffprobe[^/\\]*$/i.test(path) ? 'ffprobe' : 'ffmpeg');
  const result = await runMediaCommand({
    name: `${label} -version`,
    command: path,
    args: ['-hide_banner', '-version'],
    registry: options.registry,
    timeoutMs: options.timeoutMs ?? 10_000,
  });
  const unusable = (error: string): FfmpegHealth => ({ path, version: null, error });
  const { spawnError, code } = result.exit;
  if (spawnError?.code === 'ENOENT') return unusable(`${label} not found at '${path}'`);
  if (spawnError?.code === 'EACCES') return unusable(`${label} at '${path}' is not executable`);
  if (spawnError) return unusable(`${label} at '${path}' could not start: ${spawnError.message}`);
  if (result.timedOut) return unusable(`${label} at '${path}' did not answer -version in time`);
  const output = result.stdout.toString('utf8');
  const version = new RegExp(`^${label} version (\\S+)`, 'm').exec(output)?.[1];
  if (code !== 0) {
    const detail = result.stderrTail.at(-1) ?? `exit code ${code}`;
    return unusable(`${label} at '${path}' failed: ${detail}`);
  }
  if (!version) return unusable(`'${path}' does not look like ${label}`);
  const tooOld = ffmpegTooOld(version);
  return tooOld ? { path, version, error: `${label} at '${path}': ${tooOld}` } : { path, version };
}
