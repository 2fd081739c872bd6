/**
 * Which piece of footage a player asks `playback.mp4` for next. Pure, so the rules are tested
 * without a browser: chunks are asked for one after the other from where the previous ended
 * (the server starts each at the keyframe at or before `at`, and ends it at the first keyframe
 * at or after `at + duration`, so they join exactly), far enough ahead of the play position for
 * the speed, and the media timeline's origin is moved when the footage asked for would lie
 * before it.
 */

/** The first chunk after a seek: short, so the first picture comes fast. */
export const FIRST_CHUNK_S = 2;
/** A chunk holds about this many seconds per 1× of speed (10 s at 1×, 60 s at 8×). */
export const CHUNK_S_PER_RATE = 10;
export const MAX_CHUNK_S = 60;
/** Footage fetched ahead of the play position: at least this much… */
export const MIN_AHEAD_MS = 20_000;
/** …and at least this many seconds of playing time at the current speed. */
export const AHEAD_PLAY_S = 6;
/** A new origin is taken this long before the instant sought (room for seeking back). */
export const ORIGIN_LEAD_MS = 3_600_000;
/**
 * An instant closer than this to the origin gets a new origin: the keyframe before it (a GOP
 * away at most, and GOPs are seconds long) must not fall before the origin.
 */
export const ORIGIN_MARGIN_MS = 60_000;
/** Stepping back before the buffered footage fetches this much before it. */
export const PREVIOUS_CHUNK_S = 10;

export interface ChunkRequest {
  /** Unix ms. */
  atMs: number;
  durationS: number;
}

export interface ForwardState {
  /** Where the next chunk starts: the end of the last one appended (Unix ms); null: none yet. */
  cursorMs: number | null;
  /** The server had nothing at or after this instant (404); null: not known. */
  endedAtMs: number | null;
}

/**
 * The forward state as a player's pump finds it: the end of the footage is asked about again
 * once `retryDue`, and a cursor the play position passed by more than a second without this
 * camera having footage there (the others played on through its gap) starts over from the play
 * position.
 */
export function refreshForward(
  state: ForwardState,
  playheadMs: number,
  retryDue: boolean,
  hasFootageAt: (ms: number) => boolean,
): void {
  if (state.endedAtMs !== null && retryDue) state.endedAtMs = null;
  if (state.cursorMs !== null && state.cursorMs < playheadMs - 1000 && !hasFootageAt(playheadMs)) {
    state.cursorMs = null;
    state.endedAtMs = null;
  }
}

/** Seconds of footage per chunk at a playback speed. */
export function chunkSeconds(rate: number): number {
  return Math.min(MAX_CHUNK_S, Math.max(CHUNK_S_PER_RATE, Math.round(CHUNK_S_PER_RATE * rate)));
}

/** How much footage a player keeps fetched ahead of the play position, ms. */
export function aheadWantedMs(rate: number): number {
  return Math.max(MIN_AHEAD_MS, AHEAD_PLAY_S * rate * 1000, chunkSeconds(rate) * 1000);
}

/**
 * The next chunk to ask for while playing at `playheadMs`, or null when enough is fetched or
 * there is no footage after the cursor (or, with none fetched yet, after the play position:
 * asked again only once `refreshForward` clears the end, not at every pump).
 */
export function nextForwardChunk(
  state: ForwardState,
  playheadMs: number,
  rate: number,
): ChunkRequest | null {
  if (state.endedAtMs !== null && (state.cursorMs ?? playheadMs) >= state.endedAtMs) return null;
  if (state.cursorMs === null) return { atMs: Math.round(playheadMs), durationS: FIRST_CHUNK_S };
  if (state.cursorMs - playheadMs >= aheadWantedMs(rate)) return null;
  return { atMs: state.cursorMs, durationS: chunkSeconds(rate) };
}

/**
 * Where the next chunk starts once one ending at media time `endS` is appended: the instant of
 * its end on the wall clock, rounded up to the API's whole milliseconds with half a millisecond
 * of room, so the server's "keyframe at or before `at`" is the keyframe that ended this chunk
 * and not the one before (which would send its GOP twice).
 */
export function cursorAfter(originMs: number, endS: number): number {
  return Math.ceil(originMs + endS * 1000 + 0.5);
}

/** The origin for a player that starts at `targetMs`. */
export function originFor(targetMs: number): number {
  return Math.floor((targetMs - ORIGIN_LEAD_MS) / 1000) * 1000;
}

/** Whether footage from `targetMs` needs a new origin (none yet, or too close to / after it). */
export function needsNewOrigin(originMs: number | null, targetMs: number): boolean {
  return originMs === null || targetMs - ORIGIN_MARGIN_MS < originMs;
}

/**
 * The chunk that ends where the buffered footage starts (`firstMs`), to step back into; null
 * when it would reach before the origin (then the player starts again with a new origin).
 */
export function previousChunk(originMs: number, firstMs: number): ChunkRequest | null {
  const atMs = Math.floor(firstMs - PREVIOUS_CHUNK_S * 1000);
  if (needsNewOrigin(originMs, atMs)) return null;
  // It ends at the first keyframe at or after at + duration: the buffered footage's first.
  return { atMs, durationS: PREVIOUS_CHUNK_S };
}
