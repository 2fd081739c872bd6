import { MediaProcess } from '@camrec/process';

// The fMP4 fixtures (and the ffprobe check of their keyframes) live with the MP4 reader.
export {
  generateFmp4,
  LIVE_MOVFLAGS,
  probeVideoKeyframes,
  type Fmp4FixtureOptions,
} from '@camrec/mp4/testing';

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

/** ffmpeg's `-f mjpeg` output: JPEGs back to back. */
export function generateMjpeg(frames = 5, size = '64x48'): Promise<Buffer> {
  return runFfmpegToBuffer([
    ...['-f', 'lavfi', '-i', `testsrc2=size=${size}:rate=10`],
    ...['-frames:v', String(frames), '-q:v', '5', '-f', 'mjpeg', 'pipe:1'],
  ]);
}
