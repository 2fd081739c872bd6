import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMjpegCamera, type SimCamera } from '@camrec/testing/camera-sim';
import { ChildProcessRegistry } from '@camrec/process';
import { CameraSession, StreamHub } from '@camrec/media';
import { makeJpegFrames } from '../test-support/jpeg-player';
import { readSegmentFacts } from './segment-facts';
import { SegmentRecorder } from './segment-recorder';
import {
  MemorySink,
  testRecorderOptions,
  drain,
  sessionOptions,
} from './test-support/segment-test-support';
import { ffprobe, frameIndices, videoPacketTimes } from '@camrec/testing';

const SIZE = { width: 320, height: 180 };

describe('SegmentRecorder of a simulated MJPEG camera (libx264 segments)', () => {
  let dir: string;
  let camera: SimCamera | undefined;
  let session: CameraSession | undefined;
  const registry = new ChildProcessRegistry();

  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'camrec-segments-mjpeg-'))));
  afterEach(async () => {
    await session?.close();
    await camera?.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  afterAll(() => expect(registry.size).toBe(0));

  it('encodes 2 s H.264 segments holding every JPEG the camera sent, in order', async () => {
    camera = await startMjpegCamera({ ...SIZE, fps: 10 });
    session = new CameraSession(sessionOptions('cam-mjpeg', camera.url, registry));
    await session.open();
    const sink = new MemorySink(dir);
    const recorder = await SegmentRecorder.start(
      testRecorderOptions({
        cameraId: 'cam-mjpeg',
        hub: session.hub,
        videosDir: dir,
        sourceType: 'mjpeg',
        sink,
        registry,
      }),
    );
    const witness = session.hub.subscribe({
      name: 'witness',
      policy: 'lossless',
      maxQueueBytes: 64 << 20,
    });
    await new Promise((resolve) => setTimeout(resolve, 5000));
    expect(registry.list().map((child) => child.name)).toEqual(['continuous encoder cam-mjpeg']);
    witness.end();
    await recorder.stop();
    expect(registry.size).toBe(0);

    const opened = sink.events.flatMap((e) => (e.type === 'opened' ? [e.segment] : []));
    expect(opened.every((segment) => segment.storage === 'h264')).toBe(true);
    expect(opened[0].codec).toMatch(/^avc1\./);
    const segments = sink.segments();
    expect(segments.length).toBeGreaterThanOrEqual(2);
    segments.slice(1).forEach((segment, i) => expect(segment.startMs).toBe(segments[i].endMs));
    const recorded: Array<number | null> = [];
    for (const segment of segments) {
      const path = join(dir, segment.path);
      expect(ffprobe(path).streams[0]).toMatchObject({ codec_name: 'h264', ...SIZE });
      expect(videoPacketTimes(path)).toHaveLength(segment.frames);
      expect(await readSegmentFacts(path)).toMatchObject({ frames: segment.frames });
      recorded.push(...frameIndices(path, SIZE.width, SIZE.height));
    }
    for (const segment of segments.slice(0, -1)) {
      expect(segment.endMs - segment.startMs).toBeGreaterThan(1900);
      expect(segment.endMs - segment.startMs).toBeLessThan(2500);
    }
    // Every JPEG the hub delivered is a frame of the segments, once, in order.
    const jpegs = (await drain(witness)).flatMap((p) => (p.type === 'jpeg' ? [p.data] : []));
    expect(recorded).not.toContain(null);
    expect(recorded).toEqual(frameIndices({ jpegs }, SIZE.width, SIZE.height));
  });

  it("keeps the camera's JPEGs as they came (mjpeg_storage jpeg): every frame, byte for byte", async () => {
    camera = await startMjpegCamera({ ...SIZE, fps: 10 });
    session = new CameraSession(sessionOptions('cam-jpeg', camera.url, registry));
    await session.open();
    const sink = new MemorySink(dir);
    const recorder = await SegmentRecorder.start(
      testRecorderOptions(
        {
          cameraId: 'cam-jpeg',
          hub: session.hub,
          videosDir: dir,
          sourceType: 'mjpeg',
          sink,
          registry,
        },
        { mjpegStorage: 'jpeg' },
      ),
    );
    const witness = session.hub.subscribe({
      name: 'witness',
      policy: 'lossless',
      maxQueueBytes: 64 << 20,
    });
    await new Promise((resolve) => setTimeout(resolve, 5000));
    witness.end();
    await recorder.stop();

    const opened = sink.events.flatMap((e) => (e.type === 'opened' ? [e.segment] : []));
    expect(opened.every((segment) => segment.storage === 'jpeg')).toBe(true);
    const segments = sink.segments();
    expect(segments.length).toBeGreaterThanOrEqual(2);
    segments.slice(1).forEach((segment, i) => expect(segment.startMs).toBe(segments[i].endMs));
    const stored = Buffer.concat(
      segments.map((segment) => {
        const path = join(dir, segment.path);
        expect(ffprobe(path).streams[0]).toMatchObject({ codec_name: 'mjpeg', ...SIZE });
        // The JPEGs in the file, copied out as they are.
        return execFileSync('ffmpeg', [
          '-v',
          'error',
          '-i',
          path,
          '-c',
          'copy',
          '-f',
          'mjpeg',
          '-',
        ]);
      }),
    );
    const jpegs = (await drain(witness)).flatMap((p) => (p.type === 'jpeg' ? [p.data] : []));
    expect(stored.equals(Buffer.concat(jpegs))).toBe(true);
  });

  it('starts a new encoder run after a gap in the frames: the time away is a gap', async () => {
    const hub = new StreamHub();
    const sink = new MemorySink(dir);
    const recorder = await SegmentRecorder.start(
      testRecorderOptions({
        cameraId: 'cam-mjpeg',
        hub,
        videosDir: dir,
        sourceType: 'mjpeg',
        sink,
        registry,
      }),
    );
    // 2 s of frames, 10 s of nothing (the camera was away), 2 s of frames.
    const t0 = Date.now() - 60_000;
    makeJpegFrames(40, '160x120').forEach((data, seq) => {
      const capturedAt = t0 + seq * 100 + (seq >= 20 ? 10_000 : 0);
      hub.publish({ type: 'jpeg', data, capturedAt, seq });
    });
    await recorder.stop();
    const segments = sink.segments();
    // A run's last frame ends where its encoder ended it (ffmpeg gives it a millisecond).
    expect(segments.map((s) => [s.startMs - t0, s.endMs - t0, s.frames])).toEqual([
      [0, 1901, 20],
      [12_000, 13_901, 20],
    ]);
    for (const segment of segments) {
      expect(videoPacketTimes(join(dir, segment.path))).toHaveLength(20);
    }
  });
});
