// A simulated camera's frame log (`<index> <wall ms>` per frame): when did the camera send the
// frame whose bar shows a given value?
import { readFileSync } from 'node:fs';

export class FrameLog {
  /** `modulo`: the bar's period (the replay camera's loop length; 65536 for live cameras). */
  constructor(path, modulo) {
    this.path = path;
    this.modulo = modulo;
  }

  /** Re-reads the file (the camera appends while the bench runs). */
  load() {
    this.byBar = new Map();
    this.entries = 0;
    for (const line of readFileSync(this.path, 'utf8').split('\n')) {
      const [index, ms] = line.split(' ').map(Number);
      if (!Number.isFinite(ms)) continue;
      const bar = index % this.modulo;
      if (!this.byBar.has(bar)) this.byBar.set(bar, []);
      this.byBar.get(bar).push(ms);
      this.entries++;
    }
    return this;
  }

  /** Send time of the latest frame showing `bar` sent at or before `seenAtMs`; null if none. */
  sentAt(bar, seenAtMs) {
    const times = this.byBar.get(bar);
    if (!times) return null;
    for (let i = times.length - 1; i >= 0; i--) if (times[i] <= seenAtMs) return times[i];
    return null;
  }

  /** Frames the camera sent in `[fromMs, toMs)`, as `[bar, sentAtMs]`. */
  sendsBetween(fromMs, toMs) {
    const sends = [];
    for (const [bar, times] of this.byBar)
      for (const t of times) if (t >= fromMs && t < toMs) sends.push([bar, t]);
    return sends;
  }
}
