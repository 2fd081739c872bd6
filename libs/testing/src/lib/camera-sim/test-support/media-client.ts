// Test helpers that look at a camera the way the recorder does: through real ffmpeg/ffprobe.
import { decodeFrameIndex } from '../../frame-index';
import { spawn } from 'node:child_process';

export interface ProcessResult {
  code: number | null;
  stdout: Buffer;
  stderr: string;
  timedOut: boolean;
}

/** Runs a program to completion (killed after `timeoutMs`) and collects its output. */
export function runProcess(
  command: string,
  args: string[],
  timeoutMs = 20_000,
): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    let stderr = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: Buffer.concat(stdout), stderr, timedOut });
    });
  });
}

export interface GrayFrames {
  frames: Uint8Array[];
  /** The frame index read from each frame's bar (null when unreadable). */
  indices: Array<number | null>;
  result: ProcessResult;
}

/** Reads up to `count` video frames from `url`, decoded to 8-bit gray at the camera's size. */
export async function readGrayFrames(
  url: string,
  count: number,
  size: { width: number; height: number },
  inputArgs: string[] = [],
  timeoutMs = 20_000,
): Promise<GrayFrames> {
  const result = await runProcess(
    'ffmpeg',
    [
      '-hide_banner',
      '-nostdin',
      '-loglevel',
      'error',
      ...inputArgs,
      '-i',
      url,
      '-map',
      '0:v:0',
      '-frames:v',
      String(count),
      '-f',
      'rawvideo',
      '-pix_fmt',
      'gray',
      'pipe:1',
    ],
    timeoutMs,
  );
  const frameSize = size.width * size.height;
  const frames = Array.from(
    { length: Math.floor(result.stdout.length / frameSize) },
    (_, i) => new Uint8Array(result.stdout.subarray(i * frameSize, (i + 1) * frameSize)),
  );
  const indices = frames.map((gray) => decodeFrameIndex(gray, size.width, size.height));
  return { frames, indices, result };
}

export interface ProbedStream {
  codec_type: string;
  codec_name: string;
  profile?: string;
  width?: number;
  height?: number;
}

export async function probeStreams(url: string, inputArgs: string[] = []): Promise<ProbedStream[]> {
  const result = await runProcess('ffprobe', [
    '-v',
    'error',
    ...inputArgs,
    '-show_entries',
    'stream=codec_type,codec_name,profile,width,height',
    '-of',
    'json',
    url,
  ]);
  if (result.code !== 0) throw new Error(`ffprobe ${url} failed: ${result.stderr}`);
  return (JSON.parse(result.stdout.toString()) as { streams: ProbedStream[] }).streams;
}

/** Differences between consecutive numbers. */
export function deltas(values: number[]): number[] {
  return values.slice(1).map((value, i) => value - values[i]);
}
