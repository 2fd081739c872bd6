import type { FragmentInfo } from './fragment-info';
import type { InitSegmentInfo } from './init-segment-info';
import { setDecodeTime } from './tfdt-rewrite';

interface TrackTimeline {
  timescale: number;
  /** Decode time just after the last fragment written, in the track's timescale. */
  next: bigint;
  /** Decode time of the last fragment written; null before the first. */
  lastStart: bigint | null;
}

/**
 * Keeps a session's fragment timeline monotonic across ingest restarts. Each new ffmpeg run
 * starts its decode times near zero; without this a recorder appending fragments across a
 * reconnect would write time going backwards. All tracks of a run are shifted by the same
 * amount of seconds (keeping audio in sync with video), and never behind where a track ended.
 * The one timeline of the server: the session publisher applies it before the hub, so every
 * consumer (viewers, recorders) sees decode times that only go forward, strictly. ffmpeg's
 * live fMP4 writer (5.1, a fragment per frame, audio beside video) gives every other AAC frame
 * and now and then a video frame the start of the frame before, which it ends at once (a
 * duration of 0). Readers drop one of the two (ffmpeg's mp4 reader marks the twin discarded;
 * MSE's overlap rule removes the frame the twin starts on), so a twin is moved one tick on.
 */
export class FragmentTimeline {
  private readonly tracks = new Map<number, TrackTimeline>();
  private timescales = new Map<number, number>();
  /** Seconds added to every decode time of the current run; null until its first fragment. */
  private runOffsetS: number | null = null;
  private readonly trackOffsets = new Map<number, bigint>();

  /** A new ingest run begins with this init segment. */
  startRun(init: InitSegmentInfo): void {
    this.timescales = new Map(init.tracks.map((t) => [t.id, t.timescale]));
    for (const [id, track] of this.tracks) {
      const timescale = this.timescales.get(id);
      if (timescale && timescale !== track.timescale) {
        const rescale = (time: bigint) => (time * BigInt(timescale)) / BigInt(track.timescale);
        track.next = rescale(track.next);
        if (track.lastStart !== null) track.lastStart = rescale(track.lastStart);
        track.timescale = timescale;
      }
    }
    this.runOffsetS = null;
    this.trackOffsets.clear();
  }

  /**
   * Shifts the fragment's tfdt values and records where each track now ends. Returns the
   * fragment: the same buffer, changed in place, unless a 32-bit tfdt could not hold its
   * shifted time; then a copy with that tfdt widened to 64 bits (never a time that wraps).
   */
  apply(fragment: Uint8Array, info: FragmentInfo): Uint8Array {
    let data = fragment;
    if (this.runOffsetS === null) this.runOffsetS = this.offsetForRun(info);
    for (const traf of info.tracks) {
      if (traf.baseDecodeTime === null) continue;
      const timescale = this.timescales.get(traf.trackId) ?? 0;
      if (timescale <= 0) continue;
      let track = this.tracks.get(traf.trackId);
      if (!track) {
        track = { timescale, next: 0n, lastStart: null };
        this.tracks.set(traf.trackId, track);
      }
      let offset = this.trackOffsets.get(traf.trackId);
      if (offset === undefined) {
        const common = BigInt(Math.round(this.runOffsetS * timescale));
        const catchUp = track.next - traf.baseDecodeTime;
        offset = common > catchUp ? common : catchUp;
        if (offset < 0n) offset = 0n;
        this.trackOffsets.set(traf.trackId, offset);
      }
      let shifted = traf.baseDecodeTime + offset;
      if (track.lastStart !== null && shifted <= track.lastStart) shifted = track.lastStart + 1n;
      if (shifted !== traf.baseDecodeTime) data = setDecodeTime(data, traf, info.tracks, shifted);
      traf.baseDecodeTime = shifted;
      track.lastStart = shifted;
      track.next = shifted + BigInt(traf.duration);
    }
    return data;
  }

  /** The latest end of any track, minus where this run starts, in seconds. */
  private offsetForRun(info: FragmentInfo): number {
    let endS = 0;
    for (const track of this.tracks.values())
      endS = Math.max(endS, Number(track.next) / track.timescale);
    let startS = 0;
    for (const traf of info.tracks) {
      const timescale = this.timescales.get(traf.trackId);
      if (traf.baseDecodeTime === null || !timescale) continue;
      startS = Number(traf.baseDecodeTime) / timescale;
      break;
    }
    return Math.max(0, endS - startS);
  }
}
