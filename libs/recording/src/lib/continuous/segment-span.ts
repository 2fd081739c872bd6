import type { SegmentFacts } from './segment-sink';

/**
 * One segment's video on the wall clock: it starts at `startMs` and lasts what its decode
 * times span, so two segments cut from one run of fragments meet exactly. The recorder and
 * the file reader (readSegmentFacts) both count through this class, so the end a segment
 * was indexed with is the end read back from its file.
 */
export class SegmentSpan {
  frames = 0;
  keyframes = 0;
  private decodeEnd: number;

  constructor(
    /** Unix ms; the recorder may move it forward before the file exists (name taken). */
    public startMs: number,
    readonly codec: string,
    /** Of the video track. */
    readonly timescale: number,
    /** Decode time of the first video frame, in `timescale` units. */
    readonly decodeStart: number,
  ) {
    this.decodeEnd = decodeStart;
  }

  /** Seconds from the first frame's decode time to `decode`. */
  secondsTo(decode: number): number {
    return (decode - this.decodeStart) / this.timescale;
  }

  /** Where the segment's timeline puts a frame decoded at `decode`, Unix ms. */
  wallMsAt(decode: number): number {
    return this.startMs + this.secondsTo(decode) * 1000;
  }

  get endMs(): number {
    return this.startMs + Math.round(this.secondsTo(this.decodeEnd) * 1000);
  }

  /** Counts in a fragment: its first video decode time, the duration of its video, its frames. */
  add(decode: number, duration: number, frames: number, keyframe: boolean): void {
    this.decodeEnd = Math.max(this.decodeEnd, decode + duration);
    this.frames += frames;
    if (keyframe) this.keyframes += 1;
  }

  facts(bytes: number): SegmentFacts {
    return {
      startMs: this.startMs,
      endMs: this.endMs,
      bytes,
      frames: this.frames,
      keyframes: this.keyframes,
      codec: this.codec,
    };
  }
}
