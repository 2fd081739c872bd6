import { parseFragmentInfo, setDecodeTime } from '@camrec/mp4';
import type { VideoTrackSetup } from '../continuous/video-timing';

/**
 * Moves a fragment of a segment onto a player's timeline: every track's decode time (tfdt)
 * plus `offsetMs` (the segment's decode time 0 lands at `offsetMs` of the timeline), each in
 * its own timescale, so audio stays in sync with video. The one place playback chunks and the
 * virtual MP4 rewrite decode times.
 *
 * `sameSize` keeps every tfdt in its own width (a virtual file's byte offsets are computed
 * before it is read): a 32-bit time that cannot hold its new value throws a RangeError instead
 * of widening. Returns null when a time would fall below 0 (the offset moves it before the
 * timeline's start); otherwise the fragment, rewritten in place unless a tfdt was widened.
 */
export function shiftFragment(
  fragment: Uint8Array,
  setup: VideoTrackSetup,
  offsetMs: number,
  sameSize = false,
): Uint8Array | null {
  const info = parseFragmentInfo(fragment, setup.info);
  let data = fragment;
  for (const traf of info.tracks) {
    if (traf.baseDecodeTime === null) continue;
    const timescale = setup.info.tracks.find((t) => t.id === traf.trackId)?.timescale ?? 0;
    const decode = traf.baseDecodeTime + BigInt(Math.round((offsetMs * timescale) / 1000));
    if (decode < 0n) return null;
    const version = sameSize ? (traf.baseDecodeTimeBytes === 8 ? 1 : 0) : undefined;
    data = setDecodeTime(data, traf, info.tracks, decode, version);
  }
  return data;
}

/**
 * Where the earliest track of a fragment starts, ms from its segment's decode time 0 (the
 * audio of a keyframe's fragment may start a hair before its video); null without a tfdt.
 */
export function fragmentStartMs(fragment: Uint8Array, setup: VideoTrackSetup): number | null {
  let startMs: number | null = null;
  for (const traf of parseFragmentInfo(fragment, setup.info).tracks) {
    const timescale = setup.info.tracks.find((t) => t.id === traf.trackId)?.timescale ?? 0;
    if (traf.baseDecodeTime === null || timescale <= 0) continue;
    const ms = (Number(traf.baseDecodeTime) * 1000) / timescale;
    startMs = startMs === null ? ms : Math.min(startMs, ms);
  }
  return startMs;
}
