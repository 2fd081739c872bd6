import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeFrameIndices } from '../../frame-index';
import { isPidAlive } from '@camrec/process';
import { parseFrameLog } from '../emit/frame-log';
import { deltas, runProcess } from '../test-support/media-client';
import { ReplayCamera, startReplayCamera } from './replay-camera';

const SIZE = { width: 320, height: 180 };

/** Frame indices as a plain reader decodes them, every frame as it arrives (no CFR dup/drop). */
async function readIndices(url: string, count: number) {
  const result = await runProcess('ffmpeg', [
    '-hide_banner',
    '-nostdin',
    '-loglevel',
    'error',
    '-rtsp_transport',
    'tcp',
    '-i',
    url,
    '-frames:v',
    String(count),
    '-fps_mode',
    'passthrough',
    '-f',
    'rawvideo',
    '-pix_fmt',
    'gray',
    'pipe:1',
  ]);
  const indices = decodeFrameIndices(result.stdout, SIZE.width, SIZE.height);
  return { indices, result };
}

describe('replay camera', () => {
  const dir = mkdtempSync(join(tmpdir(), 'camera-sim-replay-spec-'));
  const log = join(dir, 'frames.log');
  let camera: ReplayCamera;

  beforeAll(async () => {
    camera = await startReplayCamera({ ...SIZE, gop: 0.4, loopSeconds: 2, log });
  });
  afterAll(async () => {
    const pids = camera.pids();
    await camera.stop();
    for (const pid of pids) expect(isPidAlive(pid)).toBe(false);
  });
  // After the camera stopped (it writes the log there), also when the check above fails.
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('rounds the loop to whole GOPs', () => {
    expect(camera.loopFrames).toBe(50);
    expect(camera.url).toBe(`rtsp://127.0.0.1:${camera.port}/stream`);
  });

  it('gives two readers consecutive frame indices, wrapping at the loop length, also when one joins while the other plays', async () => {
    const first = readIndices(camera.url, 120);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const second = readIndices(camera.url, 60);
    for (const [{ indices, result }, count] of [
      [await first, 120],
      [await second, 60],
    ] as const) {
      expect(result.code).toBe(0);
      expect(indices).toHaveLength(count);
      // Each reader starts at a keyframe (no re-encoding: it waits for the loop's next one).
      expect(indices.every((index) => index !== null)).toBe(true);
      const steps = deltas(indices as number[]).map((step) => (step + 50) % 50);
      expect(steps.every((step) => step === 1)).toBe(true);
    }
  });

  it('logs every frame it sends, one per frame interval', () => {
    const entries = parseFrameLog(readFileSync(log, 'utf8'));
    expect(entries.length).toBeGreaterThan(25);
    expect(deltas(entries.map(([index]) => index)).every((step) => step === 1)).toBe(true);
    const [[firstIndex, firstMs], [lastIndex, lastMs]] = [entries[0], entries[entries.length - 1]];
    const msPerFrame = (lastMs - firstMs) / (lastIndex - firstIndex);
    expect(msPerFrame).toBeGreaterThan(36);
    expect(msPerFrame).toBeLessThan(44);
  });
});

describe('replay camera with readers that connect together', () => {
  const GOP_SECONDS = 2;
  const READERS = 8;
  let camera: ReplayCamera;

  beforeAll(async () => {
    // Ten keyframes in the loop: readers answered one GOP apart would start at different ones.
    camera = await startReplayCamera({ ...SIZE, gop: GOP_SECONDS, loopSeconds: 10 * GOP_SECONDS });
  });
  afterAll(() => camera.stop());

  it('answers them all at the same keyframe (or the next, if they straddle one)', async () => {
    const reads = await Promise.all(
      Array.from({ length: READERS }, () => readIndices(camera.url, 5)),
    );
    for (const { indices, result } of reads) {
      expect(result.code).toBe(0);
      expect(indices).toHaveLength(5);
    }
    const firstIndices = new Set(reads.map(({ indices }) => indices[0]));
    expect(firstIndices.size).toBeLessThanOrEqual(2);
  });
});

describe('replay camera bit rate', () => {
  /** Bytes of H.264 a plain reader copies from `url` in `frames` frames. */
  async function h264Bytes(url: string, frames: number): Promise<number> {
    const result = await runProcess('ffmpeg', [
      ...['-hide_banner', '-nostdin', '-loglevel', 'error', '-rtsp_transport', 'tcp', '-i', url],
      ...['-frames:v', String(frames), '-c', 'copy', '-f', 'h264', 'pipe:1'],
    ]);
    expect(result.code).toBe(0);
    return result.stdout.length;
  }

  it('sends at the rate it is given (--kbps)', async () => {
    const bytes: number[] = [];
    for (const kbps of [200, 800]) {
      const camera = await startReplayCamera({ ...SIZE, gop: 1, loopSeconds: 2, kbps });
      try {
        bytes.push(await h264Bytes(camera.url, 50));
      } finally {
        await camera.stop();
      }
    }
    // 50 frames at 25 fps are 2 s: about 50 kB at 200 kbit/s and 200 kB at 800.
    expect(bytes[0]).toBeGreaterThan(25_000);
    expect(bytes[0]).toBeLessThan(100_000);
    expect(bytes[1] / bytes[0]).toBeGreaterThan(2.5);
  });

  it('refuses a rate outside 50 to 100000 kbit/s', async () => {
    await expect(startReplayCamera({ ...SIZE, kbps: 10 })).rejects.toThrow(
      'kbps must be from 50 to 100000, got 10',
    );
  });
});
