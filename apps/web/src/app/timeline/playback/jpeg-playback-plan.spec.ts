import {
  JPEG_FIRST_CHUNK_S,
  JPEG_MAX_AHEAD_BYTES,
  JPEG_MIN_AHEAD_MS,
  STALL_BEFORE_END_S,
  advanceClock,
  cursorAfterFrame,
  jpegAheadWantedMs,
  jpegChunkSeconds,
  nextJpegChunk,
  previousJpegChunk,
} from './jpeg-playback-plan';

const T = Date.UTC(2026, 11, 5, 14);

describe('the JPEG footage player’s rules', () => {
  it('starts with a short chunk at the instant sought', () => {
    expect(nextJpegChunk({ cursorMs: null, endedAtMs: null }, T + 0.4, 1, 0)).toEqual({
      atMs: T,
      durationS: JPEG_FIRST_CHUNK_S,
    });
  });

  it('fetches from the cursor while less than enough is ahead, longer chunks at higher speeds', () => {
    expect([1, 2, 4, 8].map(jpegChunkSeconds)).toEqual([4, 8, 16, 30]);
    expect([1, 8].map(jpegAheadWantedMs)).toEqual([JPEG_MIN_AHEAD_MS, 32_000]);
    const state = { cursorMs: T + 10_000, endedAtMs: null };
    expect(nextJpegChunk(state, T + 5_000, 1, 0)).toEqual({ atMs: T + 10_000, durationS: 4 });
    expect(nextJpegChunk(state, T, 1, 0)).toBeNull();
    expect(nextJpegChunk(state, T, 8, 0)).toEqual({ atMs: T + 10_000, durationS: 30 });
  });

  it('fetches nothing more while the bytes ahead reach the budget, or after the footage', () => {
    const state = { cursorMs: T + 1_000, endedAtMs: null };
    expect(nextJpegChunk(state, T, 1, JPEG_MAX_AHEAD_BYTES)).toBeNull();
    expect(nextJpegChunk({ cursorMs: T, endedAtMs: T }, T - 1_000, 1, 0)).toBeNull();
  });

  it('asks for the next chunk from the next frame’s time, rounded up', () => {
    expect(cursorAfterFrame({ atMs: T + 900, durationMs: 100 })).toBe(T + 1_001);
    expect(cursorAfterFrame({ atMs: T + 900.2, durationMs: 99.9 })).toBe(T + 1_001);
    expect(previousJpegChunk(T + 20_000.5)).toEqual({ atMs: T + 10_000, durationS: 10 });
  });

  it('moves the clock by the time elapsed × the rate, and waits at the end of the frames held', () => {
    const ranges = [
      [0, 10],
      [20, 30],
    ] as const;
    expect(advanceClock(1, 0.016, 1, ranges)).toBeCloseTo(1.016, 9);
    expect(advanceClock(1, 0.016, 8, ranges)).toBeCloseTo(1.128, 9);
    expect(advanceClock(9.99, 0.5, 1, ranges)).toBe(10 - STALL_BEFORE_END_S);
    // Outside the frames held (a gap): it stays, and the controller moves it.
    expect(advanceClock(15, 0.5, 1, ranges)).toBe(15);
    // Never backwards (a clock already at the stall point).
    expect(advanceClock(10 - STALL_BEFORE_END_S / 2, 0.5, 1, ranges)).toBe(
      10 - STALL_BEFORE_END_S / 2,
    );
  });
});
