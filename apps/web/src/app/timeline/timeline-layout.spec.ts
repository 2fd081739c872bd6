import type { CameraTimeline } from '@camrec/shared-types';
import { HOUR_MS, MINUTE_MS } from './time-view';
import { groupMarkers, layoutLane, pxSpans, spanAt, toLaneData } from './timeline-layout';

const T0 = Date.UTC(2026, 11, 5, 10);
const iso = (ms: number) => new Date(ms).toISOString();
const view = { startMs: T0, endMs: T0 + HOUR_MS };

describe('timeline layout', () => {
  it('parses an answer once into numbers, open spans ending null', () => {
    const answer: CameraTimeline = {
      camera_id: 'cam',
      start: iso(T0),
      end: iso(T0 + HOUR_MS),
      resolution_ms: 1800,
      recorded: [{ start: iso(T0), end: null }],
      offline: [{ start: iso(T0 + MINUTE_MS), end: iso(T0 + 2 * MINUTE_MS), reason: 'refused' }],
      events: [
        {
          start: iso(T0),
          end: iso(T0 + 1000),
          id: null,
          count: 3,
          peak_score: 0.5,
          clip: null,
        },
      ],
      clips: [
        { start: iso(T0), end: iso(T0 + 5000), filename: 'a.mp4', trigger: 'export', keep: true },
      ],
      kept: [{ start: iso(T0), end: iso(T0 + 5000), id: 4, note: '' }],
    };
    const lane = toLaneData(answer);
    expect(lane.recorded).toEqual([{ startMs: T0, endMs: null }]);
    expect(lane.offline[0]).toEqual({ startMs: T0 + MINUTE_MS, endMs: T0 + 2 * MINUTE_MS });
    expect(lane.events[0]).toMatchObject({ startMs: T0, count: 3 });
    expect(lane.clips[0]).toMatchObject({ filename: 'a.mp4', trigger: 'export' });
    expect(lane.kept[0]).toMatchObject({ id: 4 });
  });

  it('draws spans in pixels, clipped to the view, an open one until now', () => {
    const spans = [
      { startMs: T0 - HOUR_MS, endMs: T0 + 15 * MINUTE_MS },
      { startMs: T0 + 30 * MINUTE_MS, endMs: null },
      { startMs: T0 + 2 * HOUR_MS, endMs: T0 + 3 * HOUR_MS },
    ];
    expect(pxSpans(spans, view, 1200, T0 + 45 * MINUTE_MS)).toEqual([
      { x0: 0, x1: 300 },
      { x0: 600, x1: 900 },
    ]);
  });

  it('merges spans that touch once drawn, and keeps a short one a pixel wide', () => {
    const minutes = Array.from({ length: 60 }, (_, i) => ({
      startMs: T0 + i * MINUTE_MS,
      endMs: T0 + (i + 1) * MINUTE_MS - 100,
    }));
    expect(pxSpans(minutes, view, 1200, T0)).toEqual([{ x0: 0, x1: 1200 - 100 / 3000 }]);
    expect(pxSpans([{ startMs: T0 + 1000, endMs: T0 + 1001 }], view, 1200, T0)).toEqual([
      { x0: 1000 / 3000, x1: 1000 / 3000 + 1 },
    ]);
  });

  it('groups event markers closer than ten pixels, adding their counts', () => {
    const events = [0, 2, 5, 40, 41].map((s, i) => ({
      startMs: T0 + s * 1000,
      endMs: null,
      count: i === 3 ? 4 : 1,
      id: null,
      clip: null,
    }));
    // 3 s a pixel: 0, 2 and 5 s are within 2 px; 40 and 41 s are 13 px further.
    expect(groupMarkers(events, view, 1200)).toEqual([
      { x: 0, count: 3, startMs: T0 },
      { x: 40 / 3, count: 5, startMs: T0 + 40_000 },
    ]);
    // Zoomed in (a minute across), they are apart.
    expect(groupMarkers(events, { startMs: T0, endMs: T0 + MINUTE_MS }, 1200)).toHaveLength(5);
  });

  it('lays out a lane and finds the span at an instant', () => {
    const lane = toLaneData({
      camera_id: 'cam',
      start: iso(T0),
      end: iso(T0 + HOUR_MS),
      resolution_ms: 1800,
      recorded: [{ start: iso(T0), end: iso(T0 + 30 * MINUTE_MS) }],
      offline: [],
      events: [],
      clips: [],
      kept: [],
    });
    expect(layoutLane(lane, view, 1200, T0).recorded).toEqual([{ x0: 0, x1: 600 }]);
    expect(spanAt(lane.recorded, T0 + MINUTE_MS, T0)).not.toBeNull();
    expect(spanAt(lane.recorded, T0 + 31 * MINUTE_MS, T0)).toBeNull();
  });
});
