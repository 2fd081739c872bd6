import {
  DAY_MS,
  FUTURE_ROOM,
  HISTORY_MS,
  HOUR_MS,
  MAX_SPAN_MS,
  MIN_SPAN_MS,
  MINUTE_MS,
  followView,
  limitView,
  panView,
  spanOf,
  timeToX,
  viewAround,
  xToTime,
  zoomView,
} from './time-view';

const NOW = Date.UTC(2026, 11, 5, 12, 0, 0);
const hour = { startMs: NOW - 2 * HOUR_MS, endMs: NOW - HOUR_MS };

describe('time ↔ pixel mapping', () => {
  it('puts the view start at 0 and its end at the width, linearly between', () => {
    expect(timeToX(hour, 1200, hour.startMs)).toBe(0);
    expect(timeToX(hour, 1200, hour.endMs)).toBe(1200);
    expect(timeToX(hour, 1200, hour.startMs + 15 * MINUTE_MS)).toBe(300);
    expect(timeToX(hour, 1200, hour.startMs - 30 * MINUTE_MS)).toBe(-600);
  });

  it('maps a pixel back to the instant under it', () => {
    expect(xToTime(hour, 1200, 300)).toBe(hour.startMs + 15 * MINUTE_MS);
    for (const x of [0, 1, 599.5, 1200]) {
      expect(timeToX(hour, 1200, xToTime(hour, 1200, x))).toBeCloseTo(x, 9);
    }
  });

  it('centres a view on an instant, or puts it at a fraction of the width', () => {
    expect(viewAround(NOW, HOUR_MS)).toEqual({
      startMs: NOW - HOUR_MS / 2,
      endMs: NOW + HOUR_MS / 2,
    });
    expect(viewAround(NOW, HOUR_MS, 0.25).startMs).toBe(NOW - HOUR_MS / 4);
  });
});

describe('zoom', () => {
  it('keeps the anchor instant under the same pixel', () => {
    const anchor = hour.startMs + 20 * MINUTE_MS;
    const zoomed = zoomView(hour, 0.5, anchor, NOW);
    expect(spanOf(zoomed)).toBe(30 * MINUTE_MS);
    expect(timeToX(zoomed, 1200, anchor)).toBeCloseTo(timeToX(hour, 1200, anchor), 9);
    const out = zoomView(hour, 4, anchor, NOW + 10 * DAY_MS);
    expect(spanOf(out)).toBe(4 * HOUR_MS);
    expect(timeToX(out, 1200, anchor)).toBeCloseTo(timeToX(hour, 1200, anchor), 9);
  });

  it('goes from one minute to a month across, no further', () => {
    let view = hour;
    for (let i = 0; i < 20; i++) view = zoomView(view, 0.5, view.startMs, NOW);
    expect(spanOf(view)).toBe(MIN_SPAN_MS);
    for (let i = 0; i < 40; i++) view = zoomView(view, 2, view.startMs, NOW);
    expect(spanOf(view)).toBe(MAX_SPAN_MS);
    expect(MAX_SPAN_MS).toBeGreaterThanOrEqual(7 * DAY_MS);
  });

  it('zooming out near now keeps the view from running far into the future', () => {
    const live = viewAround(NOW, HOUR_MS, 0.95);
    const week = zoomView(live, 7 * 24, NOW, NOW);
    expect(spanOf(week)).toBe(7 * DAY_MS);
    expect(week.endMs).toBeLessThanOrEqual(NOW + 7 * DAY_MS * FUTURE_ROOM);
  });
});

describe('pan and limits', () => {
  it('moves the view by the given time, span unchanged', () => {
    expect(panView(hour, -HOUR_MS, NOW)).toEqual({
      startMs: hour.startMs - HOUR_MS,
      endMs: hour.endMs - HOUR_MS,
    });
  });

  it('stops at now (with a little room) and at the oldest instant the API answers', () => {
    const future = panView(hour, 10 * DAY_MS, NOW);
    expect(future.endMs).toBe(NOW + HOUR_MS * FUTURE_ROOM);
    expect(spanOf(future)).toBe(HOUR_MS);
    const past = panView(hour, -1000 * DAY_MS, NOW);
    expect(past.startMs).toBe(NOW - HISTORY_MS);
    expect(spanOf(past)).toBe(HOUR_MS);
  });

  it('reaches the whole retained past by panning a week view', () => {
    let view = limitView(viewAround(NOW, 7 * DAY_MS, 1), NOW);
    for (let i = 0; i < 100; i++) view = panView(view, -spanOf(view), NOW);
    expect(view.startMs).toBe(NOW - HISTORY_MS);
  });

  it('follows the play position a page at a time, and leaves the view alone while it is in it', () => {
    expect(followView(hour, hour.startMs + 10 * MINUTE_MS, NOW)).toBe(hour);
    const next = followView(hour, hour.endMs + 1000, NOW);
    expect(spanOf(next)).toBe(HOUR_MS);
    expect(next.startMs).toBeLessThan(hour.endMs + 1000);
    expect(next.endMs).toBeGreaterThan(hour.endMs + 30 * MINUTE_MS);
    const back = followView(hour, hour.startMs - HOUR_MS, NOW);
    expect(back.startMs).toBeLessThanOrEqual(hour.startMs - HOUR_MS);
  });
});
