import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChildProcessRegistry } from '@camrec/process';
import { StreamHub } from '@camrec/media';
import { SegmentRecorder } from '../continuous/segment-recorder';
import {
  feedJpegHub,
  MemorySink,
  testRecorderOptions,
} from '../continuous/test-support/segment-test-support';
import { makeFrameIndexJpegs } from '../test-support/mp4-fixtures';
import { type JpegFrame, jpegFrames } from './jpeg-frames';
import type { PlaybackSegment } from './playback-chunk';
import { UnservableFootageError } from './virtual-mp4';

const T0 = Date.UTC(2026, 0, 1);

async function collect(frames: AsyncIterable<JpegFrame>): Promise<JpegFrame[]> {
  const out: JpegFrame[] = [];
  for await (const frame of frames) out.push(frame);
  return out;
}

describe('jpegFrames: footage kept as JPEG frames, read frame by frame from its segments', () => {
  let dir: string;
  let jpegs: Buffer[];
  let segments: PlaybackSegment[];
  const registry = new ChildProcessRegistry();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'camrec-jpeg-frames-'));
    // 6 s of an MJPEG camera at 10 fps kept as JPEG frames, in 2 s segments.
    jpegs = makeFrameIndexJpegs(60);
    const hub = new StreamHub();
    const sink = new MemorySink(dir);
    const recorder = await SegmentRecorder.start(
      testRecorderOptions(
        { cameraId: 'jpegjpegjpeg', hub, videosDir: dir, sourceType: 'mjpeg', sink, registry },
        { mjpegStorage: 'jpeg' },
      ),
    );
    await feedJpegHub(hub, jpegs, { frameMs: 100, clockStartMs: T0 });
    await recorder.stop();
    segments = sink
      .segments()
      .map((s) => ({ path: join(dir, s.path), startMs: s.startMs, endMs: s.endMs }));
  }, 60_000);
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    expect(registry.size).toBe(0);
  });

  it("holds the camera's JPEGs byte for byte, each at its capture time", async () => {
    expect(segments.length).toBe(3);
    const all = await collect(
      jpegFrames(segments, { atMs: T0, durationMs: 10_000, maxBytes: Infinity }),
    );
    expect(all.map((f) => f.atMs)).toEqual(jpegs.map((_, i) => T0 + i * 100));
    expect(all.every((f, i) => Buffer.from(f.jpeg).equals(jpegs[i]))).toBe(true);
  });

  it('ends an answer before the frame that would pass the byte cap; the next goes on from there', async () => {
    const cap = jpegs[15].length + jpegs[16].length + jpegs[17].length;
    const first = await collect(
      jpegFrames(segments, { atMs: T0 + 1_550, durationMs: 5_000, maxBytes: cap }),
    );
    expect(first.map((f) => f.atMs)).toEqual([T0 + 1_500, T0 + 1_600, T0 + 1_700]);
    const last = first[first.length - 1];
    const next = await collect(
      jpegFrames(segments, {
        atMs: Math.ceil(last.atMs + last.durationMs),
        durationMs: 5_000,
        maxBytes: 1,
      }),
    );
    // A frame larger than the cap is still sent, alone: an answer always moves on.
    expect(next.map((f) => f.atMs)).toEqual([T0 + 1_800]);
  });

  it('refuses a segment that holds video instead of JPEG frames', async () => {
    const hub = new StreamHub();
    const sink = new MemorySink(dir);
    const recorder = await SegmentRecorder.start(
      testRecorderOptions(
        { cameraId: 'h264h264h264', hub, videosDir: dir, sourceType: 'mjpeg', sink, registry },
        { segmentS: 60 },
      ),
    );
    await feedJpegHub(hub, jpegs.slice(0, 10), { frameMs: 100, clockStartMs: T0 });
    await recorder.stop();
    const [encoded] = sink
      .segments()
      .map((s) => ({ path: join(dir, s.path), startMs: s.startMs, endMs: s.endMs }));
    await expect(
      collect(jpegFrames([encoded], { atMs: T0, durationMs: 1_000, maxBytes: Infinity })),
    ).rejects.toThrow(UnservableFootageError);
  }, 30_000);
});
