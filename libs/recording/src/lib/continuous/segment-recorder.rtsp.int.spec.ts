import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRtspCamera, type SimCamera } from '@camrec/testing/camera-sim';
import { ChildProcessRegistry } from '@camrec/process';
import { CameraSession } from '@camrec/media';
import { readSegmentFacts } from './segment-facts';
import { SegmentRecorder } from './segment-recorder';
import {
  MemorySink,
  testRecorderOptions,
  drain,
  sessionOptions,
} from './test-support/segment-test-support';
import { ffprobe, frameIndices, videoPackets } from '@camrec/testing';

const SIZE = { width: 320, height: 180 };

describe('SegmentRecorder of a simulated RTSP camera through a real CameraSession', () => {
  let dir: string;
  let camera: SimCamera | undefined;
  let session: CameraSession | undefined;
  const registry = new ChildProcessRegistry();

  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'camrec-segments-rtsp-'))));
  afterEach(async () => {
    await session?.close();
    await camera?.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  afterAll(() => expect(registry.size).toBe(0));

  it('records ~6 s in 2 s segments that together hold exactly the frames the hub delivered', async () => {
    camera = await startRtspCamera({ ...SIZE, fps: 15, gop: 1 });
    session = new CameraSession(sessionOptions('cam-rtsp', camera.url, registry));
    await session.open();
    const sink = new MemorySink(dir);
    const recorder = await SegmentRecorder.start(
      testRecorderOptions({
        cameraId: 'cam-rtsp',
        hub: session.hub,
        videosDir: dir,
        sourceType: 'rtsp',
        sink,
        registry,
      }),
    );
    // What the hub delivered, from the same moment, to compare the segments with.
    const witness = session.hub.subscribe({
      name: 'witness',
      policy: 'lossless',
      maxQueueBytes: 64 << 20,
    });
    await new Promise((resolve) => setTimeout(resolve, 6500));
    witness.end();
    await recorder.stop();

    const segments = sink.segments();
    expect(segments.length).toBeGreaterThanOrEqual(3);
    segments.slice(1).forEach((segment, i) => expect(segment.startMs).toBe(segments[i].endMs));
    const perSegment: Array<Array<number | null>> = [];
    for (const [n, { path: relative, id, ...facts }] of segments.entries()) {
      const path = join(dir, relative);
      expect(ffprobe(path).streams[0]).toMatchObject({ codec_name: 'h264', ...SIZE });
      const packets = videoPackets(path);
      expect(packets).toHaveLength(facts.frames);
      if (n < segments.length - 1) {
        // Cut at the first keyframe 2 s in: the camera's GOP is 1 s, but a loaded simulator's
        // encoder drops frames and a GOP of 15 frames then lasts longer, so what holds is that
        // no keyframe after the first lies 2 s in or later (timestamps jitter: 50 ms short counts).
        expect(facts.endMs - facts.startMs).toBeGreaterThan(1950);
        const keyframes = packets.filter((packet) => packet.keyframe).map((packet) => packet.time);
        expect(keyframes.slice(1).filter((time) => time - keyframes[0] >= 2)).toEqual([]);
      }
      // Re-indexed from the file (with the prft boxes the session adds) as it was indexed.
      expect(await readSegmentFacts(path)).toEqual(facts);
      perSegment.push(frameIndices(path, SIZE.width, SIZE.height));
      expect(id).toMatch(/^row-/);
    }
    const recorded = perSegment.flat();
    expect(recorded).toHaveLength(segments.reduce((n, s) => n + s.frames, 0));
    expect(recorded).not.toContain(null);

    const delivered = await drain(witness);
    const witnessPath = join(dir, 'witness.mp4');
    writeFileSync(
      witnessPath,
      Buffer.concat(delivered.flatMap((p) => (p.type === 'jpeg' ? [] : [p.data]))),
    );
    const expected = frameIndices(witnessPath, SIZE.width, SIZE.height);
    // The segments, end to end, are one unbroken run of what the hub delivered: at each cut
    // the next segment's first frame is the frame after the previous one's last.
    const from = expected.indexOf(recorded[0]);
    expect(from).toBeGreaterThanOrEqual(0);
    expect(recorded).toEqual(expected.slice(from, from + recorded.length));
    for (let i = 1; i < perSegment.length; i += 1) {
      const last = expected.indexOf(perSegment[i - 1][perSegment[i - 1].length - 1]);
      expect(expected.indexOf(perSegment[i][0])).toBe(last + 1);
    }
    expect(from + recorded.length).toBe(expected.length);
  });
});
