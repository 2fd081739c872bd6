import { DAY_MS, HOUR_MS, MINUTE_MS, SECOND_MS } from './time-view';
import { formatInstant, localSteps, tickStep, timeTicks } from './time-ticks';

/** A local time of 5 Dec 2026 in the test machine's zone. */
const local = (h: number, m = 0, s = 0) => new Date(2026, 11, 5, h, m, s).getTime();

describe('time axis', () => {
  it('chooses the finest step that keeps labels apart', () => {
    const view = (span: number) => ({ startMs: local(10), endMs: local(10) + span });
    expect(tickStep(view(MINUTE_MS), 1200)).toBe(5 * SECOND_MS);
    expect(tickStep(view(HOUR_MS), 1200)).toBe(5 * MINUTE_MS);
    expect(tickStep(view(DAY_MS), 1200)).toBe(2 * HOUR_MS);
    expect(tickStep(view(7 * DAY_MS), 1200)).toBe(12 * HOUR_MS);
    expect(tickStep(view(7 * DAY_MS), 600)).toBe(DAY_MS);
  });

  it('puts minute labels on round local minutes', () => {
    const steps = localSteps(local(10, 2, 30), local(10, 31), 5 * MINUTE_MS);
    expect(steps.map((ms) => new Date(ms).getMinutes())).toEqual([5, 10, 15, 20, 25, 30]);
    expect(steps.every((ms) => new Date(ms).getSeconds() === 0)).toBe(true);
  });

  it('puts hour labels on local hours divisible by the step', () => {
    const steps = localSteps(local(1, 30), local(23), 3 * HOUR_MS);
    expect(steps.map((ms) => new Date(ms).getHours())).toEqual([3, 6, 9, 12, 15, 18, 21]);
  });

  it('puts day labels on local midnights, labelled with the date', () => {
    const ticks = timeTicks({ startMs: local(12), endMs: local(12) + 7 * DAY_MS }, 600, 'en-GB');
    expect(ticks).toHaveLength(7);
    for (const tick of ticks) {
      const date = new Date(tick.ms);
      expect([date.getHours(), date.getMinutes()]).toEqual([0, 0]);
      expect(tick.day).toBe(true);
    }
    expect(ticks[0].label).toBe('Sun 6 Dec');
  });

  it('labels times in the browser zone and locale, midnight with its date', () => {
    const ticks = timeTicks({ startMs: local(22), endMs: local(22) + 4 * HOUR_MS }, 1200, 'en-GB');
    expect(ticks.map((t) => t.label)).toContain('22:30');
    expect(ticks.find((t) => t.day)?.label).toBe('Sun 6 Dec');
    expect(formatInstant(local(14, 3, 7), 'en-GB')).toBe('Sat 5 Dec, 14:03:07');
  });
});
