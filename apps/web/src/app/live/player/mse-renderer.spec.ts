import { catchUpRate, MIN_TARGET_LAG_S } from './mse-renderer';

describe('catchUpRate', () => {
  it('plays at normal speed on the target lag', () => {
    expect(catchUpRate(MIN_TARGET_LAG_S, MIN_TARGET_LAG_S)).toBe(1);
    expect(catchUpRate(0.3, 0.3)).toBe(1);
  });

  it('speeds up in proportion to how far behind the target playback is, up to 1.25×', () => {
    expect(catchUpRate(0.17, 0.12)).toBe(1.1);
    expect(catchUpRate(0.22, 0.12)).toBe(1.2);
    expect(catchUpRate(0.9, 0.12)).toBe(1.25);
  });

  it('slows down a little when so close to the edge that a late frame would stall it', () => {
    expect(catchUpRate(0.1, 0.12)).toBe(0.96);
    expect(catchUpRate(0, 0.12)).toBe(0.9);
  });
});
