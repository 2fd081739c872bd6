import { planRetention, type RetainedFootage, type RetentionLimits } from './retention-plan';

const DAY = 86_400_000;
const now = Date.parse('2026-01-10T00:00:00Z');
const start = Date.parse('2026-01-01T00:00:00Z');
const clip = (name: string, day: number, bytes: number, keep = false): RetainedFootage => ({
  name,
  kind: 'clip',
  startMs: start + day * DAY,
  bytes,
  keep,
  hasEvent: false,
});
const segment = (
  name: string,
  day: number,
  bytes: number,
  flags: { keep?: boolean; hasEvent?: boolean } = {},
): RetainedFootage => ({
  name,
  kind: 'segment',
  startMs: start + day * DAY,
  bytes,
  keep: flags.keep ?? false,
  hasEvent: flags.hasEvent ?? false,
});
const total = (items: RetainedFootage[]) => items.reduce((sum, item) => sum + item.bytes, 0);
const names = (items: { name: string }[]) => items.map((item) => item.name);

describe('planRetention', () => {
  const none: RetentionLimits = {
    maxBytes: null,
    minFreeBytes: null,
    maxAgeMs: null,
    continuousMaxAgeMs: null,
    eventsMaxAgeMs: null,
  };

  it('deletes nothing without limits', () => {
    const footage = [clip('a', 0, 100), segment('s', 0, 100)];
    expect(planRetention(footage, none, total(footage), 0, now)).toEqual([]);
  });

  it('deletes the oldest footage, clips and segments alike, until it fits; never kept footage', () => {
    const footage = [
      clip('new', 3, 100),
      clip('kept', 0, 100, true),
      segment('kept-range', 0.5, 100, { keep: true }),
      segment('old', 1, 100),
      clip('mid', 2, 100),
    ];
    const plan = planRetention(footage, { ...none, maxBytes: 250 }, total(footage), null, now);
    expect(names(plan)).toEqual(['old', 'mid', 'new']);
    expect(plan[0]).toMatchObject({ kind: 'segment', bytes: 100 });
    expect(plan[0].reason).toMatch(/retention_max_gb/);
  });

  it('counts footage that is not a candidate (a later batch) towards the size', () => {
    const plan = planRetention(
      [segment('a', 0, 100)],
      { ...none, maxBytes: 1000 },
      1050,
      null,
      now,
    );
    expect(names(plan)).toEqual(['a']);
  });

  it('deletes by free space', () => {
    const footage = [clip('a', 0, 100), segment('b', 5, 100), clip('c', 8, 100)];
    const plan = planRetention(footage, { ...none, minFreeBytes: 1150 }, total(footage), 1000, now);
    expect(names(plan)).toEqual(['a', 'b']);
    expect(plan[0].reason).toMatch(/retention_min_free_gb/);
  });

  it('ages clips by retention_days, continuous footage by its own limit, event footage by its own', () => {
    const footage = [
      clip('clip-6d', 3, 1),
      segment('plain-6d', 3, 1),
      segment('event-6d', 3, 1, { hasEvent: true }),
      segment('event-9d', 0, 1, { hasEvent: true }),
    ];
    const limits = {
      ...none,
      maxAgeMs: 8 * DAY,
      continuousMaxAgeMs: 2 * DAY,
      eventsMaxAgeMs: 7 * DAY,
    };
    const plan = planRetention(footage, limits, total(footage), null, now);
    expect(plan.map((d) => [d.name, d.reason])).toEqual([
      ['event-9d', 'older than retention_events_days (9 days old)'],
      ['plain-6d', 'older than retention_continuous_days (6 days old)'],
    ]);
  });

  it('ages continuous footage by retention_days when it has no limit of its own', () => {
    const footage = [segment('s', 0, 1, { hasEvent: true }), clip('c', 5, 1)];
    const plan = planRetention(footage, { ...none, maxAgeMs: 7 * DAY }, 2, null, now);
    expect(plan.map((d) => [d.name, d.reason])).toEqual([
      ['s', 'older than retention_days (9 days old)'],
    ]);
  });
});
