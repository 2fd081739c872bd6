/** Frames and bytes over a sliding window, for the fps and bitrate shown in session stats. */
export class RateMeter {
  private samples: Array<{ at: number; frames: number; bytes: number }> = [];
  private firstAt: number | null = null;

  constructor(private readonly windowMs = 5000) {}

  add(frames: number, bytes: number, at = Date.now()): void {
    this.firstAt ??= at;
    this.samples.push({ at, frames, bytes });
    this.prune(at);
  }

  /** Frames per second and kilobits per second over the window (shorter while it fills). */
  rates(now = Date.now()): { fps: number; kbps: number } {
    this.prune(now);
    if (this.firstAt === null || this.samples.length === 0) return { fps: 0, kbps: 0 };
    const spanMs = Math.max(500, Math.min(this.windowMs, now - this.firstAt));
    let frames = 0;
    let bytes = 0;
    for (const sample of this.samples) {
      frames += sample.frames;
      bytes += sample.bytes;
    }
    return {
      fps: Math.round((frames / spanMs) * 10000) / 10,
      kbps: Math.round((bytes * 8) / spanMs),
    };
  }

  /** A pause in the stream (reconnecting) should not average in as slow frames later on. */
  reset(): void {
    this.samples = [];
    this.firstAt = null;
  }

  private prune(now: number): void {
    const cutoff = now - this.windowMs;
    let drop = 0;
    while (drop < this.samples.length && this.samples[drop].at <= cutoff) drop++;
    if (drop > 0) this.samples.splice(0, drop);
  }
}
