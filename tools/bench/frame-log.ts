// A simulated camera's frame log (`<index> <wall ms>` per frame sent, `<index> dropped` for one
// taken back): when did the camera send the frame whose bar shows a given value?
import { frameLogLines } from '@camrec/testing/camera-sim';
import { readFileSync } from 'node:fs';

export class FrameLog {
  private byBar = new Map<number, number[]>();
  /** Frames read from the log at the last `load`. */
  entries = 0;

  constructor(
    readonly path: string,
    /** The bar's period (the replay camera's loop length; 65536 for live cameras). */
    readonly modulo: number,
  ) {}

  /**
   * Re-reads the file (the camera appends while the bench runs). A `<index> dropped` line takes
   * back that frame's latest send: the camera's transport dropped it after all (its encoder or
   * its reader fell behind), so no viewer could have been sent it.
   */
  load(): this {
    this.byBar = new Map();
    this.entries = 0;
    for (const { index, atMs } of frameLogLines(readFileSync(this.path, 'utf8'))) {
      const bar = index % this.modulo;
      const times = this.byBar.get(bar) ?? [];
      if (atMs === null) {
        if (times.pop() !== undefined) this.entries--;
        continue;
      }
      times.push(atMs);
      this.byBar.set(bar, times);
      this.entries++;
    }
    return this;
  }

  /** Send time of the latest frame showing `bar` sent at or before `seenAtMs`; null if none. */
  sentAt(bar: number, seenAtMs: number): number | null {
    const times = this.byBar.get(bar);
    if (!times) return null;
    for (let i = times.length - 1; i >= 0; i--) if (times[i] <= seenAtMs) return times[i];
    return null;
  }

  /** Frames the camera sent in `[fromMs, toMs)`, as `[bar, sentAtMs]`. */
  sendsBetween(fromMs: number, toMs: number): [number, number][] {
    const sends: [number, number][] = [];
    for (const [bar, times] of this.byBar)
      for (const t of times) if (t >= fromMs && t < toMs) sends.push([bar, t]);
    return sends;
  }
}
