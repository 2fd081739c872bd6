import { frameIntervalMs, nextDueMs } from './frame-schedule';

describe('frameIntervalMs', () => {
  it('is the nominal interval at constant frame rate', () => {
    expect([0, 1, 2, 3].map((i) => frameIntervalMs(i, 25, false))).toEqual([40, 40, 40, 40]);
  });

  it('cycles through 0.5x, 1x, 1.5x and 2x with vfr', () => {
    expect([0, 1, 2, 3, 4].map((i) => frameIntervalMs(i, 10, true))).toEqual([
      50, 100, 150, 200, 50,
    ]);
  });
});

describe('nextDueMs', () => {
  it('keeps an absolute schedule, so small delays do not accumulate', () => {
    expect(nextDueMs(1000, 1005, 40)).toBe(1040);
    expect(nextDueMs(1000, 1060, 40)).toBe(1040);
  });

  it('restarts from now after a long stall instead of bursting', () => {
    expect(nextDueMs(1000, 1500, 40)).toBe(1500);
  });
});
