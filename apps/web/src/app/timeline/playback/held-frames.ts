import type { FootageFrame } from './footage-frames';

/** A frame a JPEG player holds, placed on the media timeline (seconds from the origin). */
export interface HeldFrame {
  /** Shown from… */
  s: number;
  /** …until. */
  endS: number;
  /** Its capture time, Unix ms. */
  atMs: number;
  jpeg: Uint8Array;
}

/** Frames closer than this are the same frame (sent twice by chunks that meet). */
const SAME_FRAME_S = 0.0005;
/** A frame that ends this close to the next one's start runs on into it (no gap between). */
const TOUCHING_S = 0.001;

/**
 * The frames a JPEG player holds, in time order, and what they cover: the player's buffered
 * ranges, the frame shown at an instant, the ones beside it. What the player drops is gone
 * (memory stays flat while it plays on).
 */
export class HeldFrames {
  private frames: HeldFrame[] = [];
  private heldBytes = 0;

  get bytes(): number {
    return this.heldBytes;
  }

  get first(): HeldFrame | null {
    return this.frames[0] ?? null;
  }

  get last(): HeldFrame | null {
    return this.frames[this.frames.length - 1] ?? null;
  }

  /** Adds a chunk's frames (those already held are skipped); returns how many were new. */
  add(frames: readonly FootageFrame[], originMs: number): number {
    const added = frames
      .map((frame) => ({
        s: (frame.atMs - originMs) / 1000,
        endS: (frame.atMs + frame.durationMs - originMs) / 1000,
        atMs: frame.atMs,
        jpeg: frame.jpeg,
      }))
      .filter((frame) => !this.holds(frame.s));
    if (!added.length) return 0;
    this.frames = [...this.frames, ...added].sort((a, b) => a.s - b.s);
    for (const frame of added) this.heldBytes += frame.jpeg.length;
    return added.length;
  }

  clear(): void {
    this.frames = [];
    this.heldBytes = 0;
  }

  /** Lets go of the frames that end before `s`. */
  dropBefore(s: number): void {
    const keep = this.frames.findIndex((frame) => frame.endS > s);
    const dropped = keep < 0 ? this.frames : this.frames.slice(0, keep);
    if (!dropped.length) return;
    for (const frame of dropped) this.heldBytes -= frame.jpeg.length;
    this.frames = keep < 0 ? [] : this.frames.slice(keep);
  }

  /** The bytes of the frames shown after `s`: how much is fetched ahead. */
  bytesAfter(s: number): number {
    let bytes = 0;
    for (let i = this.frames.length - 1; i >= 0 && this.frames[i].s > s; i--) {
      bytes += this.frames[i].jpeg.length;
    }
    return bytes;
  }

  /** The frame shown at `s`: the last one starting at or before it (null: none held). */
  at(s: number): HeldFrame | null {
    return this.frames[this.indexAt(s)] ?? null;
  }

  after(s: number): HeldFrame | null {
    return this.frames[this.indexAt(s) + 1] ?? null;
  }

  before(s: number): HeldFrame | null {
    const i = this.indexAt(s);
    return i >= 1 ? this.frames[i - 1] : null;
  }

  /** The stretches the frames cover, in order: frames that run into each other are one. */
  ranges(): Array<[number, number]> {
    const ranges: Array<[number, number]> = [];
    for (const frame of this.frames) {
      const last = ranges[ranges.length - 1];
      if (last && frame.s <= last[1] + TOUCHING_S) last[1] = Math.max(last[1], frame.endS);
      else ranges.push([frame.s, frame.endS]);
    }
    return ranges;
  }

  private holds(s: number): boolean {
    const frame = this.at(s + SAME_FRAME_S);
    return frame !== null && Math.abs(frame.s - s) < SAME_FRAME_S;
  }

  /** The index of the last frame starting at or before `s` (a microsecond of slack), or -1. */
  private indexAt(s: number): number {
    let lo = 0;
    let hi = this.frames.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.frames[mid].s <= s + 1e-6) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }
}
