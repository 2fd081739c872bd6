import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChildProcessRegistry } from '@camrec/process';
import { StreamHub } from '@camrec/media';
import { type InitSegmentInfo, parseFragmentInfo, setDecodeTime } from '@camrec/mp4';
import { SegmentRecorder } from '../continuous/segment-recorder';
import {
  feedHub,
  MemorySink,
  testRecorderOptions,
} from '../continuous/test-support/segment-test-support';
import { makeFragmentedMp4, toPackets } from '../test-support/mp4-fixtures';
import type { PlaybackSegment } from './playback-chunk';
import { isInit, readSegmentFragments } from './segment-fragments';
import { readSegmentHead } from './segment-head';
import {
  CodecSetupChangeError,
  planVirtualMp4,
  UnservableFootageError,
  type VirtualMp4,
} from './virtual-mp4';
import { readVirtualMp4 } from './virtual-mp4-reader';
import { frameIndices } from '@camrec/testing';

const FPS = 10;
const SEGMENT_S = 6;

async function body(mp4: VirtualMp4, first?: number, last?: number): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const part of readVirtualMp4(mp4, first, last)) parts.push(part);
  return Buffer.concat(parts);
}

/** The streams as ffprobe reports them, with the codec parameters a stream copy keeps. */
function streams(file: string): Record<string, string | number>[] {
  const out = execFileSync('ffprobe', [
    ...['-v', 'error', '-of', 'json', '-show_entries'],
    'stream=codec_type,codec_name,profile,level,width,height,pix_fmt,sample_rate,channels,extradata_hash',
    ...['-show_data_hash', 'md5', file],
  ]);
  return JSON.parse(out.toString()).streams;
}

/** Presentation times of the video frames (s), in display order. */
function frameTimes(file: string): number[] {
  return execFileSync('ffprobe', [
    ...['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'frame=pts_time'],
    ...['-of', 'csv=p=0', file],
  ])
    .toString()
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => Number.parseFloat(line));
}

/** Records `seconds` of frame-index footage in segments; returns them as the index lists them. */
async function record(
  dir: string,
  registry: ChildProcessRegistry,
  size: string,
  seconds: number,
): Promise<PlaybackSegment[]> {
  const mp4 = makeFragmentedMp4({
    seconds,
    fps: FPS,
    gop: FPS,
    audio: true,
    size,
    frameIndex: true,
  });
  const hub = new StreamHub();
  const sink = new MemorySink(dir);
  const recorder = await SegmentRecorder.start(
    testRecorderOptions(
      { cameraId: `cam-${size}`, hub, videosDir: dir, sourceType: 'rtsp', sink, registry },
      { segmentS: SEGMENT_S },
    ),
  );
  await feedHub(hub, toPackets(mp4));
  await recorder.stop();
  return sink
    .segments()
    .map((s) => ({ path: join(dir, s.path), startMs: s.startMs, endMs: s.endMs }));
}

/** A segment file with every tfdt rewritten as version 0 (32 bits). */
async function withNarrowDecodeTimes(path: string): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  let init: InitSegmentInfo | null = null;
  for await (const item of readSegmentFragments(path)) {
    if (isInit(item)) {
      init = item.setup.info;
      parts.push(item.data);
      continue;
    }
    if (!init) break;
    const info = parseFragmentInfo(item.data, init);
    let data: Uint8Array = item.data;
    for (const traf of info.tracks) {
      if (traf.baseDecodeTime !== null) {
        data = setDecodeTime(data, traf, info.tracks, traf.baseDecodeTime, 0);
      }
    }
    parts.push(data);
  }
  return Buffer.concat(parts);
}

describe('virtual MP4: a range of segments as one file, planned then read by byte ranges', () => {
  let dir: string;
  let segments: PlaybackSegment[];
  let t0: number;
  const registry = new ChildProcessRegistry();
  const size = { width: 320, height: 180 };
  const write = (name: string, data: Buffer) => {
    const file = join(dir, name);
    writeFileSync(file, data);
    return file;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'camrec-virtual-mp4-'));
    // 30 s, a keyframe every second, in 6 s segments: 5 segments, 4 boundaries.
    segments = await record(dir, registry, '320x180', 30);
    t0 = segments[0].startMs;
  }, 60_000);
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    expect(registry.size).toBe(0);
  });

  it('is one MP4 shown from start (an edit list over the keyframe before it) to the last frame before end: every frame once, source codecs', async () => {
    expect(segments.length).toBeGreaterThanOrEqual(5);
    // From 2.55 s (frame 25, in the GOP of frame 20) to 27.35 s (frame 273 is the last before it).
    const mp4 = await planVirtualMp4(segments, { startMs: t0 + 2_550, endMs: t0 + 27_350 });
    if (!mp4) throw new Error('no plan');
    const data = await body(mp4);
    expect(data.length).toBe(mp4.size);
    const file = write('whole.mp4', data);
    const indices = frameIndices(file, size.width, size.height);
    expect(indices).toEqual(indices.map((_, i) => 20 + i));
    expect(indices.at(-1)).toBe(273);
    // An edit list starts the presentation at the in-point: frames 20-24 are decoded (the GOP
    // from its keyframe) but come before time 0, frame 25 is the one shown at 0.
    const times = frameTimes(file);
    times.forEach((t, i) => expect(t - times[0]).toBeCloseTo(i / FPS, 2));
    expect(indices[times.filter((t) => t <= 0).length - 1]).toBe(25);
    expect(mp4.startMs).toBe(t0 + 2_550);
    expect(Math.abs(mp4.durationMs - 24_800)).toBeLessThan(1000 / FPS);
    // The source's codec parameters, unchanged (stream copy: same extradata, SPS/PPS included).
    const source = streams(segments[0].path);
    expect(streams(file)).toEqual(source);
    expect(source.map((s) => s.codec_type).sort()).toEqual(['audio', 'video']);
  });

  it('serves any byte range: the ranges of a split body are the body', async () => {
    const mp4 = await planVirtualMp4(segments, { startMs: t0, endMs: t0 + 30_000 });
    if (!mp4) throw new Error('no plan');
    const whole = await body(mp4);
    expect(whole.length).toBe(mp4.size);
    // Cuts at random places (seeded: a failure repeats), and at every piece's edges.
    let seed = 7;
    const random = () => (seed = (seed * 48271) % 0x7fffffff) / 0x7fffffff;
    const cuts = new Set<number>([0, mp4.size]);
    for (const piece of mp4.pieces) cuts.add(piece.at).add(Math.max(0, piece.at - 1));
    for (let i = 0; i < 40; i++) cuts.add(Math.floor(random() * mp4.size));
    const sorted = [...cuts].sort((a, b) => a - b);
    const parts: Buffer[] = [];
    for (let i = 0; i + 1 < sorted.length; i++) {
      if (sorted[i + 1] > sorted[i]) parts.push(await body(mp4, sorted[i], sorted[i + 1] - 1));
    }
    expect(Buffer.concat(parts).equals(whole)).toBe(true);
    // A range read twice is the same bytes (the plan is the validator).
    const again = await planVirtualMp4(segments, { startMs: t0, endMs: t0 + 30_000 });
    expect(again?.etag).toBe(mp4.etag);
    expect((await body(mp4, 1000, 200_000)).equals(whole.subarray(1000, 200_001))).toBe(true);
  });

  it('skips a gap: the footage after it follows on at once', async () => {
    const withGap = [segments[0], segments[1], segments[3], segments[4]];
    const mp4 = await planVirtualMp4(withGap, { startMs: t0, endMs: t0 + 30_000 });
    if (!mp4) throw new Error('no plan');
    const file = write('gap.mp4', await body(mp4));
    const indices = frameIndices(file, size.width, size.height);
    const expected = [...withGap.entries()].flatMap(([, s]) => {
      const first = Math.round(((s.startMs - t0) * FPS) / 1000);
      const last = Math.round(((s.endMs - t0) * FPS) / 1000);
      return Array.from({ length: last - first }, (_, i) => first + i);
    });
    expect(indices).toEqual(expected);
    // A frame time apart across the gap (from the second frame: the recorded stream's first
    // frame lasts 21 ms longer, its audio having started first).
    const times = frameTimes(file);
    times.slice(1).forEach((t, i) => expect(t - times[1]).toBeCloseTo(i / FPS, 2));
  });

  it('finds 64-bit decode times in the segments (ffmpeg writes tfdt version 1): sizes never change', async () => {
    for (const segment of segments) {
      expect(await readSegmentHead(segment.path)).toMatchObject({ narrowDecodeTime: false });
    }
  });

  it('keeps 32-bit decode times 32-bit (sizes planned stay true), and refuses one that cannot hold its time', async () => {
    // The second and third segments again, with version 0 tfdts (as some muxers write them).
    const narrow = await Promise.all(
      [segments[1], segments[2]].map(async (segment, i) => {
        const path = join(dir, `narrow-${i}.mp4`);
        writeFileSync(path, await withNarrowDecodeTimes(segment.path));
        return { ...segment, path };
      }),
    );
    expect(await readSegmentHead(narrow[0].path)).toMatchObject({ narrowDecodeTime: true });
    const mp4 = await planVirtualMp4(narrow, {
      startMs: narrow[0].startMs,
      endMs: narrow[1].endMs,
    });
    if (!mp4) throw new Error('no plan');
    const data = await body(mp4);
    expect(data.length).toBe(mp4.size);
    const indices = frameIndices(write('narrow.mp4', data), size.width, size.height);
    expect(indices).toEqual(indices.map((_, i) => 60 + i));
    // After a day and more of footage (as the index tells it), 32 bits of 48 kHz overflow.
    const long = {
      ...segments[0],
      endMs: narrow[0].startMs,
      startMs: narrow[0].startMs - 30 * 3_600_000,
    };
    await expect(
      planVirtualMp4([long, ...narrow], { startMs: narrow[0].startMs - 1, endMs: narrow[1].endMs }),
    ).rejects.toThrow(UnservableFootageError);
  });

  it('returns nothing for a range without footage', async () => {
    expect(await planVirtualMp4(segments, { startMs: t0 - 60_000, endMs: t0 - 1 })).toBeNull();
    expect(await planVirtualMp4([], { startMs: t0, endMs: t0 + 1000 })).toBeNull();
  });

  it('refuses a range over a change of the codec setup, naming where', async () => {
    const other = await record(dir, registry, '160x90', 4);
    const last = segments.at(-1) as PlaybackSegment;
    const moved = other.map((s) => ({
      ...s,
      startMs: s.startMs - other[0].startMs + last.endMs,
      endMs: s.endMs - other[0].startMs + last.endMs,
    }));
    const change = planVirtualMp4([...segments, ...moved], {
      startMs: t0,
      endMs: last.endMs + 2000,
    });
    await expect(change).rejects.toThrow(CodecSetupChangeError);
    await expect(change).rejects.toMatchObject({ atMs: last.endMs });
  }, 30_000);
});
