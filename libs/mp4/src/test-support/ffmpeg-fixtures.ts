import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

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

/** A live-style fragmented MP4 as the ingest writes it, from generated video (and audio). */
export async function generateFmp4(options: Fmp4FixtureOptions = {}): Promise<Buffer> {
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
  const { stdout } = await run(
    'ffmpeg',
    [
      ...['-hide_banner', '-nostdin', '-v', 'error'],
      ...['-f', 'lavfi', '-i', `testsrc2=size=${size}:rate=${rate}`],
      ...(audio ? ['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000'] : []),
      ...['-frames:v', String(frames), '-pix_fmt', 'yuv420p', '-g', String(gop), ...video],
      ...(audio ? ['-c:a', 'aac', '-b:a', '64k', '-shortest'] : []),
      ...['-f', 'mp4', '-movflags', LIVE_MOVFLAGS, 'pipe:1'],
    ],
    { encoding: 'buffer', maxBuffer: 256 * 1024 * 1024 },
  );
  return stdout;
}

/** ffprobe's view of a stream's video packets in decode order: true where it is a keyframe. */
export async function probeVideoKeyframes(stream: Uint8Array): Promise<boolean[]> {
  const dir = await mkdtemp(join(tmpdir(), 'mp4-fixture-'));
  try {
    const file = join(dir, 'stream.mp4');
    await writeFile(file, stream);
    const { stdout } = await run('ffprobe', [
      ...['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'packet=flags'],
      ...['-of', 'csv=p=0', file],
    ]);
    return stdout
      .trim()
      .split('\n')
      .map((flags) => flags.startsWith('K'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
