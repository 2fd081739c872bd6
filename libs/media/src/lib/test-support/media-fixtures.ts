import { MediaProcess } from '../process/media-process';

export interface Fmp4FixtureOptions {
  codec?: 'h264' | 'h265';
  audio?: boolean;
  frames?: number;
  size?: string;
  rate?: number;
  /** Keyframe interval in frames. */
  gop?: number;
}

/** The movflags the ingest uses: every frame its own fragment, keyframes open fragments. */
export const LIVE_MOVFLAGS = 'empty_moov+default_base_moof+frag_keyframe+frag_every_frame';

/** Runs ffmpeg with lavfi sources and returns its stdout; fails the test on a non-zero exit. */
export async function runFfmpegToBuffer(args: string[]): Promise<Buffer> {
  const child = MediaProcess.spawn({
    name: 'fixture',
    command: 'ffmpeg',
    args: ['-hide_banner', '-nostdin', ...args],
  });
  const chunks: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
  const exit = await child.exited;
  if (exit.code !== 0) {
    throw new Error(`fixture ffmpeg failed (${exit.code}): ${child.stderrTail().join('\n')}`);
  }
  return Buffer.concat(chunks);
}

/** A live-style fragmented MP4 as the ingest writes it, from generated video (and audio). */
export function generateFmp4(options: Fmp4FixtureOptions = {}): Promise<Buffer> {
  const {
    codec = 'h264',
    audio = false,
    frames = 30,
    size = '160x120',
    rate = 25,
    gop = 10,
  } = options;
  const video =
    codec === 'h264'
      ? ['-c:v', 'libx264', '-profile:v', 'high', '-level', '3.1', '-preset', 'veryfast']
      : [
          '-c:v',
          'libx265',
          '-preset',
          'ultrafast',
          '-tag:v',
          'hvc1',
          '-x265-params',
          'log-level=error',
        ];
  return runFfmpegToBuffer([
    ...['-f', 'lavfi', '-i', `testsrc2=size=${size}:rate=${rate}`],
    ...(audio ? ['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000'] : []),
    ...['-frames:v', String(frames), '-pix_fmt', 'yuv420p', '-g', String(gop), ...video],
    ...(audio ? ['-c:a', 'aac', '-b:a', '64k', '-shortest'] : []),
    ...['-f', 'mp4', '-movflags', LIVE_MOVFLAGS, 'pipe:1'],
  ]);
}

/** ffmpeg's `-f mjpeg` output: JPEGs back to back. */
export function generateMjpeg(frames = 5, size = '64x48'): Promise<Buffer> {
  return runFfmpegToBuffer([
    ...['-f', 'lavfi', '-i', `testsrc2=size=${size}:rate=10`],
    ...['-frames:v', String(frames), '-q:v', '5', '-f', 'mjpeg', 'pipe:1'],
  ]);
}

/** ffprobe's view of a stream's video packets in decode order: true where it is a keyframe. */
export async function probeVideoKeyframes(stream: Buffer): Promise<boolean[]> {
  const { mkdtemp, writeFile, rm } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const dir = await mkdtemp(join(tmpdir(), 'media-fixture-'));
  try {
    const file = join(dir, 'stream.mp4');
    await writeFile(file, stream);
    const child = MediaProcess.spawn({
      name: 'fixture ffprobe',
      command: 'ffprobe',
      args: [
        '-v',
        'error',
        '-select_streams',
        'v:0',
        '-show_entries',
        'packet=flags',
        '-of',
        'csv=p=0',
        file,
      ],
    });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    await child.exited;
    return Buffer.concat(chunks)
      .toString()
      .trim()
      .split('\n')
      .map((flags) => flags.startsWith('K'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
