/**
 * The rules of the JPEG footage player, pure so they are tested without a browser: which chunk
 * of `jpeg-frames` to ask for next, how far its clock moves in an animation frame, what it keeps.
 * JPEG frames are several times the bytes of video, so it fetches less ahead than the video
 * player (seconds, not tens of seconds) and also stops at a byte budget.
 */
import type { ChunkRequest, ForwardState } from './chunk-plan';

/** The first chunk after a seek: short, so the first picture comes fast. */
export const JPEG_FIRST_CHUNK_S = 2;
/** A chunk holds about this many seconds per 1× of speed (4 s at 1×, 30 s at 8×). */
export const JPEG_CHUNK_S_PER_RATE = 4;
/** The server's most per chunk. */
export const JPEG_MAX_CHUNK_S = 30;
/** Footage fetched ahead of the play position: at least this much… */
export const JPEG_MIN_AHEAD_MS = 8_000;
/** …and this many seconds of playing time at the current speed… */
export const JPEG_AHEAD_PLAY_S = 4;
/** …but never more bytes than this (about 10 s of a 1080p camera at 25 fps). */
export const JPEG_MAX_AHEAD_BYTES = 48 * 1024 * 1024;
/** Frames kept behind the play position, for stepping back and seeking a little. */
export const JPEG_KEEP_BEHIND_S = 10;
/** A clock that runs out of frames waits this far before the end of the last one. */
export const STALL_BEFORE_END_S = 0.001;
/** Stepping back before the held frames fetches this much before them. */
export const JPEG_PREVIOUS_CHUNK_S = 10;

export function jpegChunkSeconds(rate: number): number {
  return Math.min(
    JPEG_MAX_CHUNK_S,
    Math.max(JPEG_CHUNK_S_PER_RATE, Math.round(JPEG_CHUNK_S_PER_RATE * rate)),
  );
}

export function jpegAheadWantedMs(rate: number): number {
  return Math.max(JPEG_MIN_AHEAD_MS, JPEG_AHEAD_PLAY_S * rate * 1000);
}

/**
 * The next chunk to ask for while playing at `playheadMs`, or null when enough is held ahead
 * (in time or in bytes) or there is no footage after the cursor.
 */
export function nextJpegChunk(
  state: ForwardState,
  playheadMs: number,
  rate: number,
  bytesAhead: number,
): ChunkRequest | null {
  if (state.cursorMs === null) {
    return { atMs: Math.round(playheadMs), durationS: JPEG_FIRST_CHUNK_S };
  }
  if (state.endedAtMs !== null && state.cursorMs >= state.endedAtMs) return null;
  if (state.cursorMs - playheadMs >= jpegAheadWantedMs(rate)) return null;
  if (bytesAhead >= JPEG_MAX_AHEAD_BYTES) return null;
  return { atMs: state.cursorMs, durationS: jpegChunkSeconds(rate) };
}

/**
 * Where the next chunk starts after a frame: its end (the next frame's time) rounded up to the
 * API's whole milliseconds with half a millisecond of room, so the server's "frame shown at
 * `at`" is the next frame, not this one again.
 */
export function cursorAfterFrame(frame: { atMs: number; durationMs: number }): number {
  return Math.ceil(frame.atMs + frame.durationMs + 0.5);
}

/**
 * The clock after `elapsedS` of wall time at `rate`: on through the held frames, stopping just
 * before the end of the stretch it is in (the next frames are not there yet: it waits, as a
 * `<video>` does at the end of its buffer). Outside any stretch it stays where it is.
 */
export function advanceClock(
  currentS: number,
  elapsedS: number,
  rate: number,
  ranges: ReadonlyArray<readonly [number, number]>,
): number {
  const range = ranges.find(([start, end]) => start - 0.001 <= currentS && currentS < end);
  if (!range) return currentS;
  return Math.max(currentS, Math.min(currentS + elapsedS * rate, range[1] - STALL_BEFORE_END_S));
}

/** The chunk that ends where the held frames start, to step back into. */
export function previousJpegChunk(firstMs: number): ChunkRequest {
  return {
    atMs: Math.floor(firstMs - JPEG_PREVIOUS_CHUNK_S * 1000),
    durationS: JPEG_PREVIOUS_CHUNK_S,
  };
}
