import { durationMs, PtzHead } from './ptz-head';

describe('the test device PTZ head', () => {
  let now = 0;
  const head = () => new PtzHead(0.5, () => now);
  beforeEach(() => (now = 1000));

  it('moves with the velocity over time until the timeout, clamped to the spaces', () => {
    const ptz = head();
    ptz.move({ pan: 1, tilt: -0.5, zoom: 0.2 }, 1000);
    now += 500;
    expect(ptz.position()).toEqual({ pan: 0.25, tilt: -0.125, zoom: 0.05 });
    expect(ptz.moving()).toEqual({ panTilt: true, zoom: true });
    now += 5000;
    expect(ptz.position()).toEqual({ pan: 0.5, tilt: -0.25, zoom: 0.1 });
    expect(ptz.moving()).toEqual({ panTilt: false, zoom: false });
    ptz.move({ pan: 1, tilt: -1, zoom: -1 }, null);
    now += 10_000;
    expect(ptz.position()).toEqual({ pan: 1, tilt: -1, zoom: 0 });
    expect(ptz.moves.map((move) => move.timeoutMs)).toEqual([1000, null]);
  });

  it('stops pan-tilt and zoom apart, and goes to a preset at once', () => {
    const ptz = head();
    ptz.move({ pan: 1, tilt: 0, zoom: 1 }, 10_000);
    now += 1000;
    ptz.stop(true, false);
    now += 1000;
    expect(ptz.position()).toEqual({ pan: 0.5, tilt: 0, zoom: 1 });
    ptz.goTo({ pan: -0.3, tilt: 0.2, zoom: 0.4 });
    now += 1000;
    expect(ptz.position()).toEqual({ pan: -0.3, tilt: 0.2, zoom: 0.4 });
    expect(ptz.moving()).toEqual({ panTilt: false, zoom: false });
  });

  it('reads ContinuousMove timeouts', () => {
    expect(['PT1S', 'PT0.5S', 'PT1M30S', 'PT1H', 'PT', '1S', 'PTxS'].map(durationMs)).toEqual([
      1000,
      500,
      90_000,
      3_600_000,
      null,
      null,
      null,
    ]);
  });
});
