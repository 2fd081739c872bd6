import { parseFragmentInfo, setDecodeTime } from '@camrec/mp4';
import type { VideoTrackSetup } from './video-timing';

/**
 * Moves a segment's decode times back so that its first video frame decodes at 0: each file
 * then plays from its start on its own, whatever hour of the camera's timeline it holds (the
 * hub's decode times run on across a whole session). Every track moves by the same seconds,
 * keeping audio in sync; a track that starts a hair before the video moves only as far as
 * its own start (a time cannot go below zero).
 */
export class DecodeTimeRebase {
  private readonly startS: number;
  private readonly offsets = new Map<number, bigint>();

  constructor(
    private readonly setup: VideoTrackSetup,
    /** Decode time of the segment's first video frame, in the video timescale. */
    videoStart: number,
  ) {
    this.startS = videoStart / setup.timescale;
  }

  /**
   * The fragment with its decode times moved, as the parts to write one after the other: a
   * copy of its head, up to the last decode time (the `moof`'s first few hundred bytes), then
   * the rest of the hub's buffer as it is. The hub shares its buffers, so they are not changed;
   * nor copied whole, which at 8 Mbit/s made a megabyte a second of garbage per camera.
   */
  apply(fragment: Buffer): Uint8Array[] {
    const info = parseFragmentInfo(fragment, this.setup.info);
    const headEnd = Math.max(
      0,
      ...info.tracks.map((t) =>
        t.baseDecodeTime === null ? 0 : t.baseDecodeTimeOffset + t.baseDecodeTimeBytes,
      ),
    );
    let head: Uint8Array | null = null;
    for (const traf of info.tracks) {
      if (traf.baseDecodeTime === null) continue;
      const offset = this.offsetOf(traf.trackId, traf.baseDecodeTime);
      if (offset === 0n) continue;
      const moved = traf.baseDecodeTime > offset ? traf.baseDecodeTime - offset : 0n;
      head ??= new Uint8Array(fragment.subarray(0, headEnd));
      // Smaller than before: rewritten in place, in the field's own width (never resized,
      // which is why the head alone can be rewritten).
      setDecodeTime(head, traf, info.tracks, moved);
    }
    return head ? [head, fragment.subarray(headEnd)] : [fragment];
  }

  /**
   * A fragment of the segment, read back from its file, with the decode times the hub gave it
   * (for a clip's pre-roll, which continues with the hub's own fragments). Rewritten in place.
   */
  restore(fragment: Uint8Array): Uint8Array {
    const info = parseFragmentInfo(fragment, this.setup.info);
    let out = fragment;
    for (const traf of info.tracks) {
      const offset = this.offsets.get(traf.trackId);
      if (traf.baseDecodeTime === null || !offset) continue;
      out = setDecodeTime(out, traf, info.tracks, traf.baseDecodeTime + offset);
    }
    return out;
  }

  private offsetOf(trackId: number, firstDecode: bigint): bigint {
    let offset = this.offsets.get(trackId);
    if (offset === undefined) {
      const timescale = this.setup.info.tracks.find((t) => t.id === trackId)?.timescale ?? 0;
      const common = BigInt(Math.round(this.startS * timescale));
      offset = common < firstDecode ? common : firstDecode;
      this.offsets.set(trackId, offset);
    }
    return offset;
  }
}
