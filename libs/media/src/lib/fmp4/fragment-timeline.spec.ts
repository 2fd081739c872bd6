import { generateFmp4, probeVideoKeyframes } from '../test-support/media-fixtures';
import { Fmp4StreamParser, type Fmp4Fragment, type Fmp4InitSegment } from './fmp4-stream-parser';
import { FragmentTimeline } from './fragment-timeline';

function segments(stream: Buffer): [Fmp4InitSegment, Fmp4Fragment[]] {
  const [init, ...fragments] = new Fmp4StreamParser().push(stream);
  return [init as Fmp4InitSegment, fragments as Fmp4Fragment[]];
}

describe('FragmentTimeline', () => {
  it('continues decode times across ingest runs, keeping audio and video together', async () => {
    const stream = await generateFmp4({ audio: true, frames: 25, gop: 5 });
    const timeline = new FragmentTimeline();
    const out: Buffer[] = [];
    const ends = new Map<number, number>();
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
          const start = seconds(traf.trackId, traf.baseDecodeTime!);
          expect(start).toBeGreaterThanOrEqual((ends.get(traf.trackId) ?? 0) - 1e-9);
          ends.set(traf.trackId, start + seconds(traf.trackId, traf.duration));
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
});
