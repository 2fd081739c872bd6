import { ClockSync } from './clock-sync';

describe('ClockSync', () => {
  it('estimates the server clock from the quickest round trip, within half of it', () => {
    const sent: number[] = [];
    const clock = new ClockSync((clientTime) => sent.push(clientTime));
    expect(clock.serverNow(1000)).toBeNull();
    clock.start();
    expect(sent).toHaveLength(1);

    // Server 500 ms ahead; a slow answer (40 ms round trip), then a quick one (4 ms).
    clock.answer({ type: 'clock', client_time: 10_000, server_time: 10_530 }, 10_040);
    expect(clock.serverNow(20_000)).toBe(20_510);
    expect(clock.uncertaintyMs).toBe(20);
    clock.answer({ type: 'clock', client_time: 11_000, server_time: 11_502 }, 11_004);
    expect(clock.serverNow(20_000)).toBe(20_500);
    expect(clock.uncertaintyMs).toBe(2);
    // A slower answer than the best one does not replace it while the first ones come in.
    clock.answer({ type: 'clock', client_time: 12_000, server_time: 12_600 }, 12_100);
    expect(clock.serverNow(20_000)).toBe(20_500);
    expect(sent.length).toBeGreaterThan(1);
    clock.stop();
  });
});
