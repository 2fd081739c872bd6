import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChildProcessRegistry } from '@camrec/process';
import { StreamHub } from '@camrec/media';
import { SegmentRecorder } from '../continuous/segment-recorder';
import {
  feedHub,
  MemorySink,
  testRecorderOptions,
} from '../continuous/test-support/segment-test-support';
import { makeFragmentedMp4, toPackets } from '../test-support/mp4-fixtures';
import { type PlaybackSegment, playbackChunk, PlaybackOriginError } from './playback-chunk';
import { frameIndices } from '@camrec/testing';

const SIZE = { width: 320, height: 180 };
const FPS = 10;

async function collect(chunk: AsyncGenerator<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const part of chunk) parts.push(part);
  return Buffer.concat(parts);
}

/** Each shown frame of an MP4: its media time (s) and the index its bar carries. */
function shownFrames(file: string): { t: number; index: number | null }[] {
  const times = execFileSync('ffprobe', [
    // The decode times as MSE sees them: without the test stream's edit list (AAC priming).
    ...['-v', 'error', '-ignore_editlist', '1', '-select_streams', 'v:0'],
    ...['-show_entries', 'frame=pts_time'],
    ...['-of', 'csv=p=0', file],
  ])
    .toString()
    .trim()
    .split('\n')
    .map(Number);
  const indices = frameIndices(file, SIZE.width, SIZE.height);
  return times.map((t, i) => ({ t, index: indices[i] }));
}

describe('playbackChunk: footage as fMP4 for the browser, built on the fly from segments', () => {
  let dir: string;
  let segments: PlaybackSegment[];
  let t0: number;
  const registry = new ChildProcessRegistry();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'camrec-playback-'));
    // 30 s of a camera, a keyframe every second, in 10 s segments.
    const mp4 = makeFragmentedMp4({
      seconds: 30,
      fps: FPS,
      gop: FPS,
      audio: true,
      size: '320x180',
      frameIndex: true,
    });
    const hub = new StreamHub();
    const sink = new MemorySink(dir);
    const recorder = await SegmentRecorder.start(
      testRecorderOptions(
        { cameraId: 'cam-1', hub, videosDir: dir, sourceType: 'rtsp', sink, registry },
        { segmentS: 10 },
      ),
    );
    await feedHub(hub, toPackets(mp4));
    await recorder.stop();
    segments = sink
      .segments()
      .map((s) => ({ path: join(dir, s.path), startMs: s.startMs, endMs: s.endMs }));
    t0 = segments[0].startMs;
  }, 60_000);
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    expect(registry.size).toBe(0);
  });

  const write = (name: string, data: Buffer) => {
    const file = join(dir, name);
    writeFileSync(file, data);
    return file;
  };

  it('starts at the keyframe before the instant, which shows at its own media time', async () => {
    const at = t0 + 4_350; // frame 43, in the GOP of frame 40
    const data = await collect(
      playbackChunk(segments, { atMs: at, durationMs: 2000, originMs: t0 }),
    );
    const frames = shownFrames(write('chunk.mp4', data));
    // Frame 40 at 4 s, give or take where the recorder's clock put frame 0 (under a frame:
    // the test stream's video starts 21 ms after its audio).
    expect(frames[0].index).toBe(40);
    expect(Math.abs(frames[0].t - 4)).toBeLessThan(1 / FPS);
    // The frame shown at the instant's media time is the one recorded then.
    const atFrame = frames.filter((f) => f.t <= (at - t0) / 1000).at(-1);
    expect(atFrame?.index).toBe(43);
    // Up to the first keyframe at or after the end (frame 70, not included).
    expect(frames.at(-1)?.index).toBe(69);
    expect(
      execFileSync('ffprobe', [
        '-v',
        'error',
        '-show_entries',
        'stream=codec_type',
        '-of',
        'csv=p=0',
        join(dir, 'chunk.mp4'),
      ])
        .toString()
        .trim()
        .split('\n')
        .sort(),
    ).toEqual(['audio', 'video']);
  });

  it.each([
    ['before a keyframe', 4_950, 40, 49],
    ['before a keyframe that starts the next segment', 9_950, 90, 99],
  ])('starts at the GOP of an instant in the last frame %s', async (_, offset, first, shown) => {
    const at = t0 + offset;
    const data = await collect(
      playbackChunk(segments, { atMs: at, durationMs: 1000, originMs: t0 }),
    );
    const frames = shownFrames(write('last-frame.mp4', data));
    expect(frames[0].index).toBe(first);
    expect(frames.filter((f) => f.t <= (at - t0) / 1000).at(-1)?.index).toBe(shown);
  });

  it('joins chunks across segment boundaries: every frame once, in order, at its time', async () => {
    const parts: Buffer[] = [];
    // From frame 80 (8.021–8.121 s: the test stream's video starts 21 ms after its audio).
    for (let at = t0 + 8_100; at < t0 + 24_000;) {
      const chunk = await collect(
        playbackChunk(segments, { atMs: at, durationMs: 4000, originMs: t0 }),
      );
      // After the first, each chunk starts with the same init, which MSE takes again as it is.
      parts.push(parts.length ? chunk.subarray(chunk.indexOf('moof') - 4) : chunk);
      // The next from where this one ended (its last frame's end), as a player asks.
      const last = shownFrames(write('part.mp4', chunk)).at(-1)?.t ?? 0;
      at = Math.ceil(t0 + (last + 1 / FPS) * 1000 + 0.5);
    }
    const frames = shownFrames(write('joined.mp4', Buffer.concat(parts)));
    expect(frames.length).toBeGreaterThanOrEqual(160);
    expect(frames.map((f) => f.index)).toEqual(frames.map((_, i) => 80 + i));
    // One clock for all: each frame a frame time after the one before, across the boundaries.
    const offset = frames[0].t - 8;
    frames.forEach((f) => expect(f.t - offset).toBeCloseTo((f.index as number) / FPS, 3));
  });

  it('plays the next footage from a time in a gap', async () => {
    const withGap = [segments[0], segments[2]]; // 10–20 s is missing
    const data = await collect(
      playbackChunk(withGap, { atMs: t0 + 15_000, durationMs: 1000, originMs: t0 }),
    );
    const frames = shownFrames(write('gap.mp4', data));
    expect(frames[0].index).toBe(200);
    expect(Math.abs(frames[0].t - (segments[2].startMs - t0) / 1000)).toBeLessThan(1 / FPS);
  });

  it('plays a segment still being written (.part), and skips one deleted since the index was read', async () => {
    const [first, second, third] = segments;
    const writing = join(dir, 'writing.mp4');
    copyFileSync(second.path, `${writing}.part`);
    const listed = [first, { ...second, path: writing }, { ...third, path: join(dir, 'gone.mp4') }];
    const data = await collect(
      playbackChunk(listed, { atMs: t0 + 9_100, durationMs: 12_000, originMs: t0 }),
    );
    const indices = shownFrames(write('writing-chunk.mp4', data)).map((f) => f.index);
    expect(indices).toEqual(indices.map((_, i) => 90 + i));
    expect(indices.at(-1)).toBe(199);
  });

  it('refuses an origin after the first frame it would send', async () => {
    await expect(
      collect(
        playbackChunk(segments, { atMs: t0 + 4_350, durationMs: 1000, originMs: t0 + 4_200 }),
      ),
    ).rejects.toThrow(PlaybackOriginError);
  });
});
