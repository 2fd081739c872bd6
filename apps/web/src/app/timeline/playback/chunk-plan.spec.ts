import {
  FIRST_CHUNK_S,
  MIN_AHEAD_MS,
  ORIGIN_LEAD_MS,
  aheadWantedMs,
  chunkSeconds,
  cursorAfter,
  needsNewOrigin,
  refreshForward,
  nextForwardChunk,
  originFor,
  previousChunk,
} from './chunk-plan';

const T = Date.UTC(2026, 11, 5, 14);

describe('chunk scheduling', () => {
  it('starts with a short chunk at the instant sought, for a fast first picture', () => {
    expect(nextForwardChunk({ cursorMs: null, endedAtMs: null }, T + 0.4, 1)).toEqual({
      atMs: T,
      durationS: FIRST_CHUNK_S,
    });
  });

  it('asks for the next chunk from where the last ended, while less than enough is ahead', () => {
    const state = { cursorMs: T + 12_000, endedAtMs: null };
    expect(nextForwardChunk(state, T, 1)).toEqual({ atMs: T + 12_000, durationS: 10 });
    expect(nextForwardChunk(state, T - MIN_AHEAD_MS, 1)).toBeNull();
  });

  it('fetches more, and longer chunks, at higher speeds', () => {
    expect([1, 2, 4, 8].map(chunkSeconds)).toEqual([10, 20, 40, 60]);
    expect(aheadWantedMs(1)).toBe(20_000);
    expect(aheadWantedMs(8)).toBe(60_000);
    const state = { cursorMs: T + 30_000, endedAtMs: null };
    expect(nextForwardChunk(state, T, 1)).toBeNull();
    expect(nextForwardChunk(state, T, 8)).toEqual({ atMs: T + 30_000, durationS: 60 });
  });

  it('stops at the end of the footage (404 at the cursor)', () => {
    expect(nextForwardChunk({ cursorMs: T, endedAtMs: T }, T - 1000, 1)).toBeNull();
  });

  it('asks nothing more after a 404 for the first chunk, until the end is cleared', () => {
    // A click past the end of the footage: the first chunk's 404 ends it at the play position.
    const past = { cursorMs: null, endedAtMs: T };
    expect(nextForwardChunk(past, T, 1)).toBeNull();
    expect(nextForwardChunk(past, T + 40, 1)).toBeNull();
    // Before that instant there may be footage: asked for.
    expect(nextForwardChunk(past, T - 5_000, 1)).toEqual({ atMs: T - 5_000, durationS: 2 });
    refreshForward(past, T, true, () => false);
    expect(nextForwardChunk(past, T, 1)).toEqual({ atMs: T, durationS: FIRST_CHUNK_S });
  });

  it('continues exactly at the keyframe that ended the last chunk, never before it', () => {
    const origin = T - ORIGIN_LEAD_MS;
    // The chunk ended at media time 3600.4 s (a keyframe at T + 400 ms).
    expect(cursorAfter(origin, 3600.4)).toBe(T + 401);
    // Rounding of decode times may put the end a few µs early or late: still at or after it.
    expect(cursorAfter(origin, 3600.39999)).toBeGreaterThanOrEqual(T + 400);
    expect(cursorAfter(origin, 3600.40004)).toBeLessThanOrEqual(T + 402);
  });

  it('takes an origin an hour before the first instant sought, and a new one before it', () => {
    expect(originFor(T + 123)).toBe(T - ORIGIN_LEAD_MS);
    expect(needsNewOrigin(null, T)).toBe(true);
    expect(needsNewOrigin(T - ORIGIN_LEAD_MS, T)).toBe(false);
    expect(needsNewOrigin(T - ORIGIN_LEAD_MS, T + 5 * 86_400_000)).toBe(false);
    expect(needsNewOrigin(T, T + 30_000)).toBe(true);
    expect(needsNewOrigin(T, T - 1)).toBe(true);
  });

  it('steps back with the chunk that ends where the buffer starts, unless before the origin', () => {
    const origin = T - ORIGIN_LEAD_MS;
    expect(previousChunk(origin, T)).toEqual({ atMs: T - 10_000, durationS: 10 });
    expect(previousChunk(origin, origin + 65_000)).toBeNull();
  });
  it('asks about the end again when due, and starts over past a gap the play position crossed', () => {
    const none = () => false;
    const ended = { cursorMs: T, endedAtMs: T };
    refreshForward(ended, T, false, none);
    expect(ended).toEqual({ cursorMs: T, endedAtMs: T });
    refreshForward(ended, T, true, none);
    expect(ended).toEqual({ cursorMs: T, endedAtMs: null });
    // The play position a second past the cursor, where this camera has footage: kept.
    const behind = { cursorMs: T, endedAtMs: null };
    refreshForward(behind, T + 1_500, false, () => true);
    expect(behind.cursorMs).toBe(T);
    // …where it has none (the others played on through its gap): from the play position.
    refreshForward(behind, T + 1_500, false, none);
    expect(behind).toEqual({ cursorMs: null, endedAtMs: null });
  });
});
