import { sameCodecSetup } from '../codec-setup';
import type { VideoTrackSetup } from '../continuous/video-timing';
import { shiftFragment } from './fragment-shift';
import { isInit, readSegmentFragments } from './segment-fragments';

/** A segment file of the footage, with where it starts and ends (Unix ms). */
export interface PlaybackSegment {
  /** Absolute path. */
  path: string;
  startMs: number;
  endMs: number;
}

export interface PlaybackRequest {
  /** The instant to play from, Unix ms. */
  atMs: number;
  /** How much footage from there, ms (the chunk ends at the first keyframe at or after). */
  durationMs: number;
  /**
   * The instant media time 0 stands for, Unix ms, the same for every chunk of one player, at or
   * before the chunk's first frame: the player then shows `t` at `(t - originMs) / 1000`.
   */
  originMs: number;
}

/** The origin lies after the chunk's first frame (media times cannot be negative). */
export class PlaybackOriginError extends RangeError {}

/**
 * Continuous footage as fragmented MP4 for Media Source Extensions, built on the fly from the
 * segment files (nothing is re-encoded, nothing written): the init segment, then the fragments
 * from the keyframe at or before `atMs` (in a gap: from the next footage), until the first
 * keyframe at or after `atMs + durationMs` — so the next chunk, asked for from where this one
 * ends, starts exactly there. Every fragment's decode times are moved onto one timeline whose 0
 * is `originMs`: segments follow one another without a gap or an overlap (they are contiguous
 * within a run), and a gap in the footage is a gap in the media. An init segment is repeated
 * only where the camera's codec setup changed.
 */
export async function* playbackChunk(
  segments: readonly PlaybackSegment[],
  request: PlaybackRequest,
): AsyncGenerator<Uint8Array> {
  // In a gap, play from the next footage on, for as long.
  const next = segments.find((segment) => segment.endMs > request.atMs);
  if (!next) return;
  const fromMs = Math.max(request.atMs, next.startMs);
  const endMs = fromMs + request.durationMs;
  let sentInit: Buffer | null = null;
  /** Fragments of the GOP the play point is in, held until the play point is passed. */
  let held: TimedFragment[] | null = [];
  let init: Buffer | null = null;

  /** The fragments, after the init segment where it was not sent or the codec setup changed. */
  function* send(fragments: TimedFragment[]): Generator<Uint8Array> {
    if (!fragments.length || !init) return;
    if (sentInit === null || !sameCodecSetup(sentInit, init)) {
      yield init;
      sentInit = init;
    }
    for (const fragment of fragments) yield fragment.data;
  }

  for (const segment of segments) {
    if (segment.endMs <= fromMs || segment.startMs >= endMs) continue;
    let setup: VideoTrackSetup | null = null;
    for await (const item of readSegmentFragments(segment.path)) {
      if (isInit(item)) {
        ({ setup, data: init } = item);
        continue;
      }
      if (!setup) break;
      const video = item.video;
      const atMs = video ? segment.startMs + (video.decode / setup.timescale) * 1000 : null;
      if (video?.keyframe && atMs !== null && atMs >= endMs) return yield* send(held ?? []);
      const fragment = { data: moved(item.data, setup, segment), atMs };
      if (held === null) {
        yield* send([fragment]);
        continue;
      }
      // Before the play point: keep the GOP it is in (from its keyframe on).
      if (atMs === null || atMs <= fromMs) {
        if (video?.keyframe) held = [];
        if (held.length || video?.keyframe) held.push(fragment);
        continue;
      }
      // Past it: send the GOP it is in — also when this is the next keyframe, the play point
      // being in the last frame before it — and go on; in a gap (nothing held), start at the
      // next keyframe.
      if (!held.length && !video?.keyframe) continue;
      const gop = held;
      held = null;
      yield* send([...gop, fragment]);
    }
  }
  yield* send(held ?? []);

  /** The fragment with its decode times on the player's timeline (rewritten in place). */
  function moved(fragment: Buffer, setup: VideoTrackSetup, segment: PlaybackSegment): Uint8Array {
    const data = shiftFragment(fragment, setup, segment.startMs - request.originMs);
    if (data === null) {
      throw new PlaybackOriginError(
        `origin must be at or before the footage's first frame (${new Date(segment.startMs).toISOString()})`,
      );
    }
    return data;
  }
}

interface TimedFragment {
  data: Uint8Array;
  /** When its video starts, Unix ms; null for a fragment without video. */
  atMs: number | null;
}
