import { parseFragmentInfo, readInitSegment, setDecodeTime } from '@camrec/mp4';
import { makeFragmentedMp4, toPackets } from '../test-support/mp4-fixtures';
import { SegmentCutter, type SegmentCutterOptions } from './segment-cutter';
import type { SegmentInput } from './segment-source';
import type { SegmentSpan } from './segment-span';

const T0 = Date.UTC(2025, 5, 1, 12, 0, 0);
/** 10 s at 10 fps, a keyframe every second, as the ingest publishes it. */
const [init, ...fragments] = toPackets(makeFragmentedMp4({ seconds: 10, fps: 10, gop: 10 }));

/** The fragments of `from`..`to` (frame numbers), arriving on time from `startMs`. */
function run(startMs: number, from = 0, to = fragments.length, generation = 1): SegmentInput[] {
  return fragments.slice(from, to).map((fragment, i) => ({
    type: 'fragment',
    data: fragment.data,
    receivedAt: startMs + (from + i) * 100,
    generation,
  }));
}

/** The segments the cutter makes of `inputs`, closed in order. */
function cut(inputs: SegmentInput[], options: Partial<SegmentCutterOptions> = {}) {
  const cutter = new SegmentCutter({ segmentS: 2, ...options });
  const segments: SegmentSpan[] = [];
  const written: number[] = [];
  for (const input of inputs) {
    const step = cutter.accept(input);
    if (step.closed) segments.push(step.closed);
    if (step.opened) expect(step.opened.init).toBe(init.data);
    if (step.write) written.push(segments.length);
  }
  const last = cutter.finish();
  if (last) segments.push(last);
  return { segments, written, skipped: cutter.skippedFragments };
}

const initOf = (generation: number): SegmentInput => ({
  type: 'init',
  data: init.data,
  generation,
});

describe('SegmentCutter', () => {
  it('cuts on keyframes every segmentS, contiguous on the wall clock, no frame lost', () => {
    const { segments, skipped } = cut([initOf(1), ...run(T0)]);
    expect(segments.map((s) => [s.startMs - T0, s.endMs - T0, s.frames, s.keyframes])).toEqual([
      [0, 2000, 20, 2],
      [2000, 4000, 20, 2],
      [4000, 6000, 20, 2],
      [6000, 8000, 20, 2],
      [8000, 10_000, 20, 2],
    ]);
    expect(segments[0].codec).toMatch(/^avc1\./);
    expect(skipped).toBe(0);
  });

  it('keeps the next start at the previous end even when arrivals jitter', () => {
    const jittery = run(T0).map((input, i) =>
      input.type === 'fragment'
        ? { ...input, receivedAt: input.receivedAt + (i % 3) * 150 }
        : input,
    );
    const { segments } = cut([initOf(1), ...jittery]);
    segments.slice(1).forEach((segment, i) => expect(segment.startMs).toBe(segments[i].endMs));
  });

  it('cuts at a keyframe that comes a few ms before segmentS (camera timestamps jitter)', () => {
    const inputs = run(T0);
    const keyframe = inputs[20];
    if (keyframe.type !== 'fragment') throw new Error('fragment expected');
    const data = Buffer.from(keyframe.data);
    const [video] = parseFragmentInfo(data, readInitSegment(init.data)).tracks;
    setDecodeTime(data, video, [video], (video.baseDecodeTime ?? 0n) - 40n); // 4 ms early
    inputs[20] = { ...keyframe, data };
    const { segments } = cut([initOf(1), ...inputs]);
    expect(segments[0].frames).toBe(20);
  });

  it('skips the fragments before the first keyframe', () => {
    const { segments, skipped } = cut([initOf(1), ...run(T0, 3)]);
    expect(skipped).toBe(7);
    expect(segments[0].startMs).toBe(T0 + 1000);
    expect(segments.reduce((n, s) => n + s.frames, 0)).toBe(90);
  });

  it('leaves a gap at a new generation and anchors the next run to its arrival', () => {
    const back = T0 + 30_000;
    const { segments } = cut([initOf(1), ...run(T0, 0, 35), initOf(2), ...run(back, 40, 100, 2)]);
    // The first run ends at its last frame (3.5 s), the next starts at its first keyframe.
    expect(segments.map((s) => [s.startMs - T0, s.endMs - T0])).toEqual([
      [0, 2000],
      [2000, 3500],
      [34_000, 36_000],
      [36_000, 38_000],
      [38_000, 40_000],
    ]);
  });

  it('leaves a gap when fragments arrive far behind the timeline (same init after a reconnect)', () => {
    // Decode times go on across the outage (the session keeps its timeline), arrivals do not.
    const late = run(T0, 40).map((input) =>
      input.type === 'fragment' ? { ...input, receivedAt: input.receivedAt + 10_000 } : input,
    );
    const { segments } = cut([initOf(1), ...run(T0, 0, 40), ...late]);
    expect(segments[1].endMs).toBe(T0 + 4000);
    expect(segments[2].startMs).toBe(T0 + 14_000);
    expect(segments.reduce((n, s) => n + s.frames, 0)).toBe(100);
  });

  it('never starts a segment before the previous one ended', () => {
    // A new generation that arrives "earlier" than the last timeline said (a fast camera clock).
    const { segments } = cut([
      initOf(1),
      ...run(T0, 0, 40),
      initOf(2),
      ...run(T0 - 1000, 40, 100, 2),
    ]);
    expect(segments[2].startMs).toBe(segments[1].endMs);
  });

  it('records nothing that arrived before notBeforeMs', () => {
    const { segments, skipped } = cut([initOf(1), ...run(T0)], { notBeforeMs: T0 + 2500 });
    expect(skipped).toBe(30);
    expect(segments[0].startMs).toBe(T0 + 3000);
  });
});
