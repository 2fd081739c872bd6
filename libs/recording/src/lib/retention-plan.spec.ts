import { planRetention, type RetainedVideo } from './retention-plan';

const DAY = 86_400_000;
const now = Date.parse('2026-01-10T00:00:00Z');
const video = (name: string, day: number, size: number, keep = false): RetainedVideo => ({
  filename: name,
  created_at: new Date(Date.parse('2026-01-01T00:00:00Z') + day * DAY).toISOString(),
  size_bytes: size,
  keep,
});

describe('planRetention', () => {
  const none = { maxBytes: null, minFreeBytes: null, maxAgeMs: null };

  it('deletes nothing without limits', () => {
    expect(planRetention([video('a', 0, 100)], none, 0, now)).toEqual([]);
  });

  it('deletes the oldest unkept videos until the library fits, never a kept one', () => {
    const videos = [
      video('new', 3, 100),
      video('kept', 0, 100, true),
      video('old', 1, 100),
      video('mid', 2, 100),
    ];
    const plan = planRetention(videos, { ...none, maxBytes: 250 }, null, now);
    expect(plan.map((d) => d.filename)).toEqual(['old', 'mid']);
    expect(plan[0].reason).toMatch(/retention_max_gb/);
  });

  it('deletes by age and by free space', () => {
    const videos = [video('a', 0, 100), video('b', 5, 100), video('c', 8, 100)];
    expect(
      planRetention(videos, { ...none, maxAgeMs: 7 * DAY }, null, now).map((d) => d.filename),
    ).toEqual(['a']);
    const byFree = planRetention(videos, { ...none, minFreeBytes: 1150 }, 1000, now);
    expect(byFree.map((d) => d.filename)).toEqual(['a', 'b']);
    expect(byFree[0].reason).toMatch(/retention_min_free_gb/);
  });
});
