import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { ChildProcessRegistry } from '@camrec/process';
import { StreamHub } from '@camrec/media';
import { makeFragmentedMp4, toPackets } from '../test-support/mp4-fixtures';
import { readSegmentFacts } from './segment-facts';
import { parseSegmentPath } from './segment-path';
import { SegmentRecorder, type SegmentRecorderOptions } from './segment-recorder';
import type { OpenedSegment, SegmentSink } from './segment-sink';
import { feedHub, MemorySink, testRecorderOptions } from './test-support/segment-test-support';
import { ffprobe, waitFor } from '@camrec/testing';

/** 10 s at 10 fps with a keyframe every second, and AAC. */
const stream = toPackets(makeFragmentedMp4({ seconds: 10, fps: 10, gop: 10, audio: true }));

/** Keyframe flags of the video packets of a file, in order ('K' = keyframe). */
function videoPacketFlags(file: string): string[] {
  const out = execFileSync('ffprobe', [
    ...['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'packet=flags'],
    ...['-of', 'csv=p=0', file],
  ]);
  return out.toString('utf8').trim().split('\n');
}

describe('SegmentRecorder of an H.264 stream (stream copy)', () => {
  let dir: string;
  let hub: StreamHub;
  let sink: MemorySink;
  const registry = new ChildProcessRegistry();

  const start = (extra: Partial<SegmentRecorderOptions> = {}) =>
    SegmentRecorder.start(
      testRecorderOptions(
        { cameraId: 'cam-1', hub, videosDir: dir, sourceType: 'rtsp', sink, registry },
        extra,
      ),
    );

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'camrec-segments-'));
    hub = new StreamHub();
    sink = new MemorySink(dir);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  afterAll(() => expect(registry.size).toBe(0));

  const file = (path: string) => join(dir, path);

  it('cuts 2 s keyframe-aligned segments that hold every frame once, contiguous in time', async () => {
    const recorder = await start();
    const publishedFrom = Date.now();
    await feedHub(hub, stream, { speed: 4 });
    const result = await recorder.stop();
    expect(result).toEqual({ end: 'stopped', segmentsWritten: 5 });

    // The index row exists before its file; rows are opened and closed in turn.
    expect(sink.events.filter((e) => e.type !== 'progress').map((e) => e.type)).toEqual(
      Array(5).fill(['opened', 'closed']).flat(),
    );
    expect(sink.events.some((e) => e.type === 'opened' && e.fileExisted)).toBe(false);

    const segments = sink.segments();
    expect(segments[0].startMs - publishedFrom).toBeGreaterThanOrEqual(0);
    expect(segments[0].startMs - publishedFrom).toBeLessThan(500);
    segments.slice(1).forEach((segment, i) => expect(segment.startMs).toBe(segments[i].endMs));
    // 2 s each (ffmpeg gives the first frame of an AAC-muxed file 21 ms more).
    segments.forEach((s) => expect(Math.abs(s.endMs - s.startMs - 2000)).toBeLessThanOrEqual(25));
    expect(segments.reduce((n, s) => n + s.frames, 0)).toBe(100);

    for (const segment of segments) {
      expect(parseSegmentPath(segment.path)).toEqual({
        cameraId: 'cam-1',
        startMs: segment.startMs,
      });
      const flags = videoPacketFlags(file(segment.path));
      expect(flags[0]).toMatch(/^K/);
      expect(flags).toHaveLength(segment.frames);
      expect(segment.keyframes).toBe(flags.filter((f) => f.startsWith('K')).length);
      const probe = ffprobe(file(segment.path));
      expect(probe.streams.map((s) => s.codec_name).sort()).toEqual(['aac', 'h264']);
      expect(Number(probe.format.duration)).toBeCloseTo(2, 0);
      // Re-indexing from the file gives what the recorder indexed.
      expect(await readSegmentFacts(file(segment.path))).toEqual({
        startMs: segment.startMs,
        endMs: segment.endMs,
        bytes: segment.bytes,
        frames: segment.frames,
        keyframes: segment.keyframes,
        codec: segment.codec,
      });
    }
    expect(readdirSync(join(dir, 'continuous', 'cam-1')).length).toBeGreaterThanOrEqual(1);
    expect(recorder.stats()).toMatchObject({
      recording: false,
      currentPath: null,
      segmentsWritten: 5,
      behindS: 0,
    });
  });

  it('reports progress at most once a second, after the data is on the disk', async () => {
    const recorder = await start({ segmentS: 60 });
    await feedHub(hub, stream, { speed: 3 });
    await recorder.stop();
    const progress = sink.events.flatMap((e) => (e.type === 'progress' ? [e] : []));
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(progress.length).toBeLessThanOrEqual(4);
    progress.slice(1).forEach((p, i) => expect(p.at - progress[i].at).toBeGreaterThanOrEqual(990));
    progress.slice(1).forEach((p, i) => {
      expect(p.progress.endMs).toBeGreaterThan(progress[i].progress.endMs);
      expect(p.progress.bytes).toBeGreaterThan(progress[i].progress.bytes);
    });
    const [segment] = sink.segments();
    expect(progress[progress.length - 1].progress.endMs).toBeLessThanOrEqual(segment.endMs);
  });

  it('leaves a gap, and no broken file, when the camera comes back as a new generation', async () => {
    const smaller = toPackets(makeFragmentedMp4({ seconds: 3, fps: 10, gop: 10, size: '160x120' }));
    const recorder = await start();
    await feedHub(hub, stream.slice(0, 60), { speed: Infinity }); // ~1 s, with audio
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const backAt = Date.now();
    await feedHub(hub, smaller, { generation: 2 });
    await recorder.stop();

    const segments = sink.segments();
    const first = segments.filter((s) => s.startMs < backAt);
    const second = segments.filter((s) => s.startMs >= backAt);
    expect(second[0].startMs - backAt).toBeLessThan(500);
    expect(second[0].startMs - first[first.length - 1].endMs).toBeGreaterThan(0);
    expect(second.reduce((n, s) => n + s.frames, 0)).toBe(30);
    for (const segment of segments) {
      const { streams } = ffprobe(file(segment.path));
      const video = streams.find((s) => s.codec_type === 'video');
      expect(video?.width).toBe(segment.startMs < backAt ? 320 : 160);
      expect(videoPacketFlags(file(segment.path))).toHaveLength(segment.frames);
    }
  });

  it('stop() mid-segment makes the segment final and playable', async () => {
    const recorder = await start({ segmentS: 60 });
    await feedHub(hub, stream.slice(0, 150), { speed: Infinity }); // ~2.6 s, with audio
    // Opened as soon as the recorder has read up to the first fragment (later on a busy machine).
    const open = await waitFor('the segment to open', async () => {
      const stats = recorder.stats();
      return stats.currentPath ? stats : undefined;
    });
    expect(open).toMatchObject({
      recording: true,
      currentPath: expect.stringMatching(/^continuous\/cam-1\/.*\.mp4$/),
    });
    await recorder.stop();
    expect(recorder.stats().recording).toBe(false);
    const [segment] = sink.segments();
    expect(existsSync(`${file(segment.path)}.part`)).toBe(false);
    expect(videoPacketFlags(file(segment.path))).toHaveLength(segment.frames);
    expect(segment.frames).toBeGreaterThan(20);
  });

  it('ends with the stream (session closed), the last segment final', async () => {
    const recorder = await start();
    await feedHub(hub, stream.slice(0, 150), { speed: Infinity });
    hub.end('session closed');
    await expect(recorder.done).resolves.toEqual({
      end: 'source-ended',
      reason: 'session closed',
      segmentsWritten: 2,
    });
    const segments = sink.segments();
    expect(segments.map((s) => s.frames)).toEqual([20, 6]);
    for (const segment of segments) expect(existsSync(file(segment.path))).toBe(true);
  });

  it('fails loudly, naming the recorder, when its lossless queue overflows', async () => {
    const recorder = await start({ maxQueueBytes: 64 * 1024 });
    await feedHub(hub, stream.slice(0, 20), { speed: Infinity });
    await new Promise((resolve) => setTimeout(resolve, 100));
    // Far more at once than the queue holds: a disk that cannot keep up.
    for (let i = 0; i < 20; i += 1) await feedHub(hub, stream, { speed: Infinity });
    await expect(recorder.done).rejects.toThrow(
      /continuous recording of camera cam-1 failed: continuous recorder cam-1 could not keep up/,
    );
    // What was written before is final and indexed.
    const [segment] = sink.segments();
    expect(segment.frames).toBeGreaterThan(0);
    expect(videoPacketFlags(file(segment.path))).toHaveLength(segment.frames);
    expect(readdirSync(join(dir, 'continuous', 'cam-1'), { recursive: true })).not.toContainEqual(
      expect.stringMatching(/\.part$/),
    );
  });

  it('fails when the index refuses a segment, before any file is made', async () => {
    const refusing: SegmentSink = {
      segmentOpened: () => Promise.reject(new Error('database is locked')),
      segmentClosed: () => Promise.resolve(),
    };
    const recorder = await start({ sink: refusing });
    await feedHub(hub, stream.slice(0, 20), { speed: Infinity });
    await expect(recorder.done).rejects.toThrow(/failed: database is locked/);
    expect(existsSync(join(dir, 'continuous'))).toBe(false);
  });

  // A full disk fails the recorder between a segment's row and its first keyframe on the disk:
  // the row stayed "being written" (listed, never finished, never retained) until a restart.
  it('drops the row of a segment that got no file, and fails loudly', async () => {
    class UnwritableSecondSegment extends MemorySink {
      override async segmentOpened(segment: OpenedSegment): Promise<string> {
        const id = await super.segmentOpened(segment);
        // A folder where the .part goes: creating the file fails as it would on a full disk.
        if (this.events.filter((e) => e.type === 'opened').length === 2) {
          mkdirSync(file(`${segment.path}.part`), { recursive: true });
        }
        return id;
      }
    }
    sink = new UnwritableSecondSegment(dir);
    const recorder = await start();
    await feedHub(hub, stream, { speed: Infinity });
    await expect(recorder.done).rejects.toThrow(/continuous recording of camera cam-1 failed: E/);
    expect(
      sink.events.filter((e) => e.type !== 'progress').map((e) => `${e.type} ${e.id}`),
    ).toEqual(['opened row-1', 'closed row-1', 'opened row-2', 'dropped row-2']);
  });
});
