/**
 * Calls `onStall` when `feed()` has not been called for `timeoutMs`. It arms on the first
 * `feed()`: before any data the caller's own deadline applies (ffmpeg may take seconds to probe
 * an RTSP input before it writes anything).
 */
export class StallWatchdog {
  private timer: NodeJS.Timeout | null = null;
  private lastFeed = 0;
  private cancelled = false;

  constructor(
    private readonly timeoutMs: number,
    private readonly onStall: () => void,
  ) {}

  feed(): void {
    this.lastFeed = Date.now();
    if (!this.timer && !this.cancelled) this.arm(this.timeoutMs);
  }

  cancel(): void {
    this.cancelled = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** One timer re-armed lazily, rather than a clearTimeout/setTimeout pair per chunk. */
  private arm(delayMs: number): void {
    this.timer = setTimeout(() => {
      const idle = Date.now() - this.lastFeed;
      if (idle < this.timeoutMs) {
        this.arm(this.timeoutMs - idle);
        return;
      }
      this.timer = null;
      this.cancelled = true;
      this.onStall();
    }, delayMs);
  }
}
