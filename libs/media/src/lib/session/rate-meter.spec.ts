import { RateMeter } from './rate-meter';
import { reconnectDelayMs } from './reconnect-backoff';

describe('RateMeter', () => {
  it('measures fps and kbps over the last window', () => {
    const meter = new RateMeter(5000);
    for (let t = 100; t <= 10_000; t += 100) meter.add(1, 1250, t);
    // 10 frames/s of 1250 bytes = 100 kbit/s
    expect(meter.rates(10_000)).toEqual({ fps: 10, kbps: 100 });
    expect(meter.rates(20_000)).toEqual({ fps: 0, kbps: 0 });
  });

  it('does not under-report while the window fills', () => {
    const meter = new RateMeter(5000);
    for (let t = 0; t < 1000; t += 40) meter.add(1, 0, t);
    expect(meter.rates(1000).fps).toBe(25);
  });
});

describe('reconnectDelayMs', () => {
  it('starts at 1 s, doubles, and stops at 30 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 20].map((n) => reconnectDelayMs(n))).toEqual([
      1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000,
    ]);
  });
});
