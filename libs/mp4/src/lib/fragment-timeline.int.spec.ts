import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateFmp4, probeVideoKeyframes } from '../test-support/ffmpeg-fixtures';
import { Fmp4StreamParser, type Fmp4Fragment, type Fmp4InitSegment } from './fmp4-stream-parser';
import { parseFragmentInfo } from './fragment-info';
import { FragmentTimeline } from './fragment-timeline';
import { setDecodeTime } from './tfdt-rewrite';

function segments(stream: Buffer): [Fmp4InitSegment, Fmp4Fragment[]] {
  const [init, ...fragments] = new Fmp4StreamParser().push(stream);
  return [init as Fmp4InitSegment, fragments as Fmp4Fragment[]];
}

describe('FragmentTimeline', () => {
  it('continues decode times across ingest runs, keeping audio and video together', async () => {
    const stream = await generateFmp4({ audio: true, frames: 25, gop: 5 });
    const timeline = new FragmentTimeline();
    const out: Uint8Array[] = [];
    const forward = forwardCheck();
    const runStarts: Array<Map<number, number>> = [];
    for (let run = 0; run < 3; run++) {
      const [init, fragments] = segments(stream);
      const seconds = (trackId: number, time: bigint | number) =>
        Number(time) / init.info.tracks.find((t) => t.id === trackId)!.timescale;
      timeline.startRun(init.info);
      if (run === 0) out.push(init.data);
      const starts = new Map<number, number>();
      for (const fragment of fragments) {
        timeline.apply(fragment.data, fragment.info);
        out.push(fragment.data);
        for (const traf of fragment.info.tracks) {
          forward(traf);
          const start = seconds(traf.trackId, traf.baseDecodeTime!);
          if (!starts.has(traf.trackId)) starts.set(traf.trackId, start);
        }
      }
      runStarts.push(starts);
    }
    // Both tracks of a run are shifted by the same amount: they start together in every run,
    // each run after the longest track of the previous one (the fixture's audio is shorter).
    for (const starts of runStarts) {
      const [video, audio] = [...starts.values()];
      expect(Math.abs(video - audio)).toBeLessThan(0.05);
    }
    expect(runStarts[1].get(1)).toBeCloseTo(1, 1);
    expect(runStarts[2].get(1)).toBeCloseTo(2, 1);
    // ffprobe reads the stitched stream as one: 75 frames, keyframes where they were.
    const keyframes = await probeVideoKeyframes(Buffer.concat(out));
    expect(keyframes).toHaveLength(75);
    expect(keyframes.filter(Boolean)).toHaveLength(15);
  });

  it('leaves the first run untouched', async () => {
    const stream = await generateFmp4({ frames: 5 });
    const [init, fragments] = segments(stream);
    const timeline = new FragmentTimeline();
    timeline.startRun(init.info);
    const before = fragments.map((f) => Buffer.from(f.data));
    fragments.forEach((f) => timeline.apply(f.data, f.info));
    expect(fragments.map((f) => f.data)).toEqual(before);
  });

  it('moves a fragment that starts where the one before started one tick on: no frame is dropped', async () => {
    const stream = await generateFmp4({ frames: 10 });
    const [init, fragments] = segments(stream);
    // Twins as ffmpeg writes them (fragment 5 starts where fragment 4 did), made here in a
    // stream that has none.
    const info4 = fragments[4].info.tracks[0];
    const twin = fragments[5].info.tracks[0];
    const data5 = setDecodeTime(fragments[5].data, twin, fragments[5].info.tracks, info4.baseDecodeTime!); // prettier-ignore
    const sent = [...fragments.slice(0, 5).map((f) => f.data), data5, ...fragments.slice(6).map((f) => f.data)]; // prettier-ignore
    // As sent, a reader drops the twin: ffmpeg decodes 9 of the 10 frames.
    expect(frameHashes(Buffer.concat([init.data, ...sent]), 'v')).toHaveLength(9);

    const timeline = new FragmentTimeline();
    timeline.startRun(init.info);
    const starts: bigint[] = [];
    const out = sent.map((data) => {
      const copy = Buffer.from(data);
      const info = parseFragmentInfo(copy, init.info);
      const applied = timeline.apply(copy, info);
      starts.push(info.tracks[0].baseDecodeTime!);
      return applied;
    });
    expect(starts[5]).toBe(starts[4] + 1n);
    expect(starts.every((start, i) => i === 0 || start > starts[i - 1])).toBe(true);
    expect(frameHashes(Buffer.concat([init.data, ...out]), 'v')).toHaveLength(10);
  });

  it('widens a 32-bit tfdt whose shifted time no longer fits, instead of wrapping or skipping it', async () => {
    const stream = await generateFmp4({ audio: true, frames: 25, gop: 5 });
    const [init, fragments] = segments(stream);
    const timescaleOf = (trackId: number) =>
      init.info.tracks.find((t) => t.id === trackId)!.timescale;
    // A camera muxer that writes 32-bit decode times, already close to their limit: 48 kHz
    // audio wraps after ~24.8 hours, 12.8 kHz video much later.
    const startS = Math.min(...init.info.tracks.map((t) => 0xffffffff / t.timescale)) - 1.2;
    const narrow = fragments.map((fragment) => {
      let data: Uint8Array = Buffer.from(fragment.data);
      for (const traf of parseFragmentInfo(data, init.info).tracks) {
        const info = parseFragmentInfo(data, init.info);
        const run = info.tracks.find((t) => t.trackId === traf.trackId)!;
        const time = run.baseDecodeTime! + BigInt(Math.round(startS * timescaleOf(run.trackId)));
        data = setDecodeTime(data, run, info.tracks, time, 0);
      }
      return data;
    });
    const timeline = new FragmentTimeline();
    const out: Uint8Array[] = [init.data];
    for (let run = 0; run < 2; run++) {
      timeline.startRun(init.info);
      for (const fragment of narrow) {
        const copy = Buffer.from(fragment);
        out.push(timeline.apply(copy, parseFragmentInfo(copy, init.info)));
      }
    }
    const widened = out.slice(1 + narrow.length);
    expect(widened.some((data, i) => data.length === narrow[i].length + 4)).toBe(true);
    // Every shifted decode time is what was asked, 64-bit where it had to be.
    const ends = new Map<number, bigint>();
    const forward = forwardCheck();
    for (const data of out.slice(1)) {
      for (const traf of parseFragmentInfo(data, init.info).tracks) {
        forward(traf);
        ends.set(traf.trackId, traf.baseDecodeTime! + BigInt(traf.duration));
      }
    }
    const audio = init.info.tracks.find((t) => t.kind === 'audio')!;
    expect(ends.get(audio.id)!).toBeGreaterThan(0xffffffffn);
    // ffprobe reads the stitched stream whole: both runs' frames, in order, decodable.
    const keyframes = await probeVideoKeyframes(Buffer.concat(out));
    expect(keyframes).toHaveLength(50);
    expect(keyframes.filter(Boolean)).toHaveLength(10);
    // The samples moved with the widened boxes: the stream decodes exactly as the same two
    // runs of the camera's original 64-bit fragments do.
    const control = new FragmentTimeline();
    const original: Uint8Array[] = [init.data];
    for (let run = 0; run < 2; run++) {
      control.startRun(init.info);
      for (const fragment of fragments) {
        const copy = Buffer.from(fragment.data);
        original.push(control.apply(copy, parseFragmentInfo(copy, init.info)));
      }
    }
    for (const stream of ['v', 'a'] as const) {
      const expected = frameHashes(Buffer.concat(original), stream);
      expect(expected.length).toBeGreaterThan(stream === 'v' ? 40 : 20);
      expect(frameHashes(Buffer.concat(out), stream)).toEqual(expected);
    }
  });
});

/**
 * Checks each track's fragments, in order: each starts after the one before, and where it ended
 * (give or take the one tick a fragment is moved on when it started where the one before did:
 * ffmpeg's live fMP4 writes such twins, the first of them lasting 0).
 */
function forwardCheck(): (traf: {
  trackId: number;
  baseDecodeTime: bigint | null;
  duration: number;
}) => void {
  const last = new Map<number, { start: bigint; end: bigint }>();
  return (traf) => {
    const start = traf.baseDecodeTime as bigint;
    const before = last.get(traf.trackId);
    if (before) {
      expect(start).toBeGreaterThan(before.start);
      expect(start).toBeGreaterThanOrEqual(before.end - 1n);
    }
    last.set(traf.trackId, { start, end: start + BigInt(traf.duration) });
  };
}

/** MD5 of every decoded frame of one stream type ('v' or 'a'), in order. */
function frameHashes(mp4: Uint8Array, stream: 'v' | 'a'): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'camrec-timeline-'));
  try {
    const file = join(dir, 'stitched.mp4');
    writeFileSync(file, mp4);
    const out = execFileSync('ffmpeg', [
      ...[
        '-v',
        'error',
        '-i',
        file,
        '-map',
        `0:${stream}:0`,
        '-fps_mode',
        'passthrough',
        '-f',
        'framemd5',
        '-',
      ],
    ]);
    return out
      .toString('utf8')
      .split('\n')
      .filter((line) => line && !line.startsWith('#'))
      .map((line) => line.split(',').at(-1)!.trim());
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
