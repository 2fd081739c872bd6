import type { SegmentInfo } from '@camrec/shared-types';
import { checkSegments, coverage, indexFps, segmentsWhole } from './segment-check';

const T0 = Date.UTC(2026, 0, 1);
const S = 1000;

function segment(fromS: number, toS: number, frames = (toS - fromS) * 25): SegmentInfo {
  return {
    id: fromS,
    started_at: new Date(T0 + fromS * S).toISOString(),
    ended_at: new Date(T0 + toS * S).toISOString(),
    bytes: (toS - fromS) * 1e6,
    frames,
    codec: 'avc1.640028',
    storage: 'copy',
    state: 'final',
  };
}

describe('coverage', () => {
  it('counts the window covered by back-to-back segments, clipped to it', () => {
    expect(coverage([segment(0, 60), segment(60, 120)], T0 + 10 * S, T0 + 70 * S)).toEqual({
      share: 1,
      gapS: 0,
    });
  });

  it('finds the longest hole, also at the ends of the window', () => {
    const { share, gapS } = coverage([segment(0, 30), segment(35, 50)], T0, T0 + 60 * S);
    expect(share).toBeCloseTo(45 / 60);
    expect(gapS).toBe(10);
  });

  it('counts overlapping segments once', () => {
    expect(coverage([segment(0, 40), segment(20, 60)], T0, T0 + 60 * S).share).toBe(1);
  });
});

describe('checkSegments', () => {
  it('passes segments that are final, at the rate and without a hole', () => {
    const check = checkSegments(
      [{ cameraId: 'a', segments: [segment(0, 60), segment(60, 90)] }],
      T0 + 5 * S,
      T0 + 85 * S,
      25,
    );
    expect(check).toMatchObject({
      segments: 2,
      not_final: 0,
      index_fps_min: 25,
      file_fps_min: null,
      below_rate: 0,
      coverage_min: 1,
      gap_s_max: 0,
      mb_per_minute: 60,
    });
    expect(segmentsWhole(check)).toBe(true);
  });

  it('fails a segment still being written, one short of frames, or a file below the rate', () => {
    const writing = { ...segment(60, 90), state: 'writing' as const };
    const short = segment(0, 60, 60 * 20);
    const check = checkSegments(
      [
        { cameraId: 'a', segments: [short, writing] },
        {
          cameraId: 'b',
          segments: [segment(0, 90)],
          files: [{ playable: true, fps: 21, duration_s: 90 }],
        },
      ],
      T0,
      T0 + 90 * S,
      25,
    );
    expect(check).toMatchObject({
      not_final: 1,
      below_rate: 2,
      index_fps_min: 20,
      file_fps_min: 21,
    });
    expect(segmentsWhole(check)).toBe(false);
  });

  it('fails a window with a hole, and one with no segment at all', () => {
    const holed = checkSegments(
      [{ cameraId: 'a', segments: [segment(0, 30), segment(32, 60)] }],
      T0,
      T0 + 60 * S,
      25,
    );
    expect(holed.gap_s_max).toBe(2);
    expect(segmentsWhole(holed)).toBe(false);
    expect(segmentsWhole(checkSegments([{ cameraId: 'a', segments: [] }], T0, T0 + S, 25))).toBe(
      false,
    );
  });

  it('reads a segment without duration as no rate', () => {
    expect(indexFps(segment(10, 10, 1))).toBeNull();
  });
});
