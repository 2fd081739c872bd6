import type { CameraTimeline } from '@camrec/shared-types';
import { DAY_MS, HOUR_MS } from './time-view';
import { TimelineFeed, coversView, resolutionFor } from './timeline-feed';

const T0 = Date.UTC(2026, 11, 5, 10);
const hour = { startMs: T0, endMs: T0 + HOUR_MS };

function answer(id: string): CameraTimeline {
  return {
    camera_id: id,
    start: new Date(T0).toISOString(),
    end: new Date(T0 + HOUR_MS).toISOString(),
    resolution_ms: 3000,
    recorded: [{ start: new Date(T0).toISOString(), end: new Date(T0 + 60_000).toISOString() }],
    offline: [],
    events: [],
    clips: [],
    kept: [],
  };
}

describe('TimelineFeed', () => {
  it('asks for about a pixel of resolution, as the API allows', () => {
    expect(resolutionFor(hour, 1200)).toBe(3000);
    expect(resolutionFor({ startMs: T0, endMs: T0 + 60_000 }, 1200)).toBe(1000);
    expect(resolutionFor({ startMs: T0, endMs: T0 + 7 * DAY_MS }, 1200)).toBe(504_000);
  });

  it('fetches the view with half a view on each side, once while it is covered', async () => {
    const calls: [string[], number, number, number][] = [];
    const feed = new TimelineFeed(async (ids, start, end, resolution) => {
      calls.push([ids, start, end, resolution]);
      return ids.map(answer);
    });
    feed.setCameras(['a', 'b']);
    await feed.want(hour, 1200);
    expect(calls).toEqual([[['a', 'b'], T0 - HOUR_MS / 2, T0 + 1.5 * HOUR_MS, 3000]]);
    expect(feed.lanes().map((lane) => lane.cameraId)).toEqual(['a', 'b']);
    expect(feed.lanes()[0].recorded).toEqual([{ startMs: T0, endMs: T0 + 60_000 }]);
    // A small pan stays within what was fetched.
    await feed.want({ startMs: T0 + 10 * 60_000, endMs: T0 + 70 * 60_000 }, 1200);
    expect(calls).toHaveLength(1);
    // Zoomed out to a day: coarser, wider.
    await feed.want({ startMs: T0, endMs: T0 + DAY_MS }, 1200);
    expect(calls).toHaveLength(2);
    expect(calls[1][3]).toBe(72_000);
  });

  it('drops an answer overtaken by a newer request', async () => {
    const pending: ((value: CameraTimeline[]) => void)[] = [];
    const feed = new TimelineFeed(
      () => new Promise<CameraTimeline[]>((resolve) => pending.push(resolve)),
    );
    feed.setCameras(['a']);
    const first = feed.want(hour, 1200);
    const second = feed.refresh(hour, 1200);
    pending[1]([answer('a')]);
    await second;
    pending[0]([{ ...answer('a'), recorded: [] }]);
    await first;
    expect(feed.lanes()[0].recorded).toHaveLength(1);
  });

  it('says why it could not load', async () => {
    const feed = new TimelineFeed(() => Promise.reject(new Error('boom')));
    feed.setCameras(['a']);
    await feed.want(hour, 1200);
    expect(feed.error()).toContain('boom');
  });

  it('is covered only by a range that holds the view at a close resolution', () => {
    const loaded = { startMs: T0 - HOUR_MS, endMs: T0 + 2 * HOUR_MS, resolutionMs: 3000, key: 'a' };
    expect(coversView(loaded, hour, 3000)).toBe(true);
    expect(coversView(loaded, hour, 1000)).toBe(false);
    expect(coversView(loaded, { startMs: T0, endMs: T0 + 3 * HOUR_MS }, 3000)).toBe(false);
  });
});
