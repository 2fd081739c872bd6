import type { Catalog } from './catalog';
import { recordedSpansQuery } from './segment-queries';
import { queryPlan } from './test-support/query-plan';
import { openTempCatalog } from './test-support/temp-catalog';
import { groupEvents, readTimeline, timelineResolution } from './timeline';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2026, 0, 1);

describe('groupEvents and timelineResolution', () => {
  it('groups events closer than the gap into one marker counting them', () => {
    const event = (id: string, start: number, end: number | null, peakScore: number) => ({
      id,
      start,
      end,
      count: 1,
      peakScore,
      clip: `${id}.mp4`,
    });
    const markers = groupEvents(
      [event('a', 0, 10, 0.1), event('b', 15, 20, 0.5), event('c', 100, null, 0.2)],
      10,
    );
    expect(markers).toEqual([
      { id: null, start: 0, end: 20, count: 2, peakScore: 0.5, clip: null },
      { id: 'c', start: 100, end: null, count: 1, peakScore: 0.2, clip: 'c.mp4' },
    ]);
  });

  it('picks a resolution of about 2000 points a view, at least a second', () => {
    expect(timelineResolution(0, 7 * DAY)).toBe(Math.ceil((7 * DAY) / 2000));
    expect(timelineResolution(0, MIN)).toBe(1000);
  });
});

describe('readTimeline over a month of footage', () => {
  let catalog: Catalog;
  let filePath: string;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    ({ catalog, filePath, dispose } = await openTempCatalog());
    // 30 days of one-minute segments with a gap of 3 minutes every 6 hours, an offline period
    // in it, an event every 20 minutes, and a kept range.
    const segments = [];
    for (let n = 0; n < 30 * 24 * 60; n++) {
      if (n % 360 < 3) continue;
      segments.push({
        camera_id: 'cam',
        path: `cam/${n}.mp4`,
        start_ms: T0 + n * MIN,
        end_ms: T0 + (n + 1) * MIN,
        bytes: 1000,
        frames: 1500,
        codec: 'avc1.64001f',
        storage: 'copy' as const,
      });
    }
    await catalog.segments.insertMany(segments);
    for (let n = 0; n < 30 * 72; n++) {
      await catalog.events.insert({
        camera_id: 'cam',
        session_id: 's',
        start_ms: T0 + n * 20 * MIN + 5_000,
        end_ms: T0 + n * 20 * MIN + 35_000,
        peak_score: (n % 10) / 10,
      });
    }
    const offline = await catalog.offlinePeriods.open('cam', T0 + 6 * HOUR, 'camera lost');
    await catalog.offlinePeriods.close(offline, T0 + 6 * HOUR + 3 * MIN);
    await catalog.keptRanges.insert({
      camera_id: 'cam',
      start_ms: T0 + DAY,
      end_ms: T0 + DAY + HOUR,
    });
  });
  afterAll(() => dispose());

  it('shows one day at minute detail: the gaps every 6 hours, each event, the offline period', async () => {
    const timeline = await readTimeline(catalog, 'cam', T0, T0 + DAY);
    expect(timeline.resolutionMs).toBe(Math.ceil(DAY / 2000));
    // The day starts with a gap (minutes 0–2), then 4 recorded stretches between gaps.
    expect(timeline.recorded.map((s) => [(s.start - T0) / MIN, ((s.end ?? 0) - T0) / MIN])).toEqual(
      [
        [3, 360],
        [363, 720],
        [723, 1080],
        [1083, 1440],
      ],
    );
    expect(timeline.events).toHaveLength(72);
    expect(timeline.events[0]).toMatchObject({ count: 1, id: expect.any(String) });
    expect(timeline.offline).toEqual([
      { start: T0 + 6 * HOUR, end: T0 + 6 * HOUR + 3 * MIN, reason: 'camera lost' },
    ]);
  });

  it('shows 30 days at a glance in a few hundred spans and markers, not tens of thousands', async () => {
    const timeline = await readTimeline(catalog, 'cam', T0, T0 + 30 * DAY);
    expect(timeline.resolutionMs).toBe(Math.ceil((30 * DAY) / 2000)); // ~21.6 min
    // The 3-minute gaps are finer than the resolution: one span for the month.
    expect(timeline.recorded).toEqual([{ start: T0 + 3 * MIN, end: T0 + 30 * DAY }]);
    // Events 20 minutes apart (30 s long) are closer than ~21.6 min: grouped.
    expect(timeline.events.length).toBeLessThan(100);
    expect(timeline.events.reduce((n, e) => n + e.count, 0)).toBe(30 * 72);
    expect(timeline.kept).toEqual([
      { start: T0 + DAY, end: T0 + DAY + HOUR, id: expect.any(Number), note: expect.any(String) },
    ]);
  });

  it('merges the segments in SQLite, reading only the range through the index', () => {
    const query = recordedSpansQuery(catalog.db, 'cam', T0 + DAY, T0 + 2 * DAY, 60_000);
    const plan = queryPlan(filePath, query.compile());
    // The covering segment's start, then the range: two seeks of the index, no scan of the table.
    expect(
      plan.filter((step) => /^SEARCH segments USING (COVERING )?INDEX/.test(step)),
    ).toHaveLength(2);
    expect(plan.some((step) => step.startsWith('SCAN segments'))).toBe(false);
  });

  it('has nothing for another camera or a range without footage', async () => {
    const other = await readTimeline(catalog, 'other', T0, T0 + DAY);
    expect(other).toMatchObject({ recorded: [], offline: [], events: [], clips: [], kept: [] });
    const later = await readTimeline(catalog, 'cam', T0 + 40 * DAY, T0 + 41 * DAY);
    expect(later.recorded).toEqual([]);
  });
});
