/** The picture shown for the instant under the pointer. */
export interface ShownThumbnail {
  cameraId: string;
  /** The instant asked for (quantised). */
  atMs: number;
  /** An object URL of the JPEG; null while it loads or when there is none. */
  url: string | null;
}

export interface HoverThumbnailOptions {
  /** Fetches a thumbnail; resolves null when the server has none (404). */
  load(cameraId: string, atMs: number): Promise<Blob | null>;
  /** Called whenever what should be shown changes (null: nothing). */
  show(thumbnail: ShownThumbnail | null): void;
  /** At most one request starts within this many ms of the previous one. */
  minIntervalMs?: number;
  /** Pictures kept in the page (object URLs); the least recently used go first. */
  capacity?: number;
  createUrl?: (blob: Blob) => string;
  revokeUrl?: (url: string) => void;
  now?: () => number;
}

/**
 * Thumbnails of the footage under the pointer: the instant is rounded to `quantumMs` (a
 * keyframe's worth at close zoom, a few pixels' worth further out) so hovering the same stretch
 * hits the page's cache; requests are throttled to one at a time, at most one per
 * `minIntervalMs`, always for the latest instant hovered (the ones in between are skipped).
 */
export class HoverThumbnails {
  private readonly cache = new Map<string, string | null>();
  private wanted: { key: string; cameraId: string; atMs: number } | null = null;
  private inFlight = false;
  private lastStart = -Infinity;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private disposed = false;
  private readonly minIntervalMs: number;
  private readonly capacity: number;
  private readonly now: () => number;
  private readonly createUrl: (blob: Blob) => string;
  private readonly revokeUrl: (url: string) => void;

  constructor(private readonly options: HoverThumbnailOptions) {
    this.minIntervalMs = options.minIntervalMs ?? 150;
    this.capacity = options.capacity ?? 200;
    this.now = options.now ?? (() => performance.now());
    this.createUrl = options.createUrl ?? ((blob) => URL.createObjectURL(blob));
    this.revokeUrl = options.revokeUrl ?? ((url) => URL.revokeObjectURL(url));
  }

  /** The pointer is over `atMs` of a camera's footage. */
  hover(cameraId: string, atMs: number, quantumMs: number): void {
    if (this.disposed) return;
    const rounded = Math.floor(atMs / quantumMs) * quantumMs;
    const key = `${cameraId}@${rounded}`;
    if (this.wanted?.key === key) return;
    this.wanted = { key, cameraId, atMs: rounded };
    if (this.cache.has(key)) {
      const url = this.cache.get(key) ?? null;
      // Most recently used last.
      this.cache.delete(key);
      this.cache.set(key, url);
      this.options.show({ cameraId, atMs: rounded, url });
      return;
    }
    this.options.show({ cameraId, atMs: rounded, url: null });
    this.schedule();
  }

  /** The pointer left the footage. */
  leave(): void {
    this.wanted = null;
    this.options.show(null);
  }

  dispose(): void {
    this.disposed = true;
    this.wanted = null;
    if (this.timer) clearTimeout(this.timer);
    for (const url of this.cache.values()) if (url) this.revokeUrl(url);
    this.cache.clear();
  }

  private schedule(): void {
    if (this.inFlight || this.timer || this.disposed) return;
    const wait = this.lastStart + this.minIntervalMs - this.now();
    if (wait > 0) {
      this.timer = setTimeout(() => {
        this.timer = null;
        this.schedule();
      }, wait);
      return;
    }
    const wanted = this.wanted;
    if (!wanted || this.cache.has(wanted.key)) return;
    this.inFlight = true;
    this.lastStart = this.now();
    void this.fetch(wanted);
  }

  private async fetch(wanted: { key: string; cameraId: string; atMs: number }): Promise<void> {
    let url: string | null = null;
    try {
      const blob = await this.options.load(wanted.cameraId, wanted.atMs);
      if (blob && !this.disposed) url = this.createUrl(blob);
    } catch {
      // No picture for this instant; the card shows the time alone.
    }
    this.inFlight = false;
    if (this.disposed) return;
    this.remember(wanted.key, url);
    if (this.wanted?.key === wanted.key) {
      this.options.show({ cameraId: wanted.cameraId, atMs: wanted.atMs, url });
    } else if (this.wanted) {
      this.schedule();
    }
  }

  private remember(key: string, url: string | null): void {
    this.cache.set(key, url);
    while (this.cache.size > this.capacity) {
      const [oldest, oldUrl] = this.cache.entries().next().value as [string, string | null];
      this.cache.delete(oldest);
      if (oldUrl) this.revokeUrl(oldUrl);
    }
  }
}

/** How finely hovered instants are told apart: about 6 px, never under a second. */
export function thumbnailQuantum(msPerPx: number): number {
  const wanted = Math.max(1000, msPerPx * 6);
  const steps = [1000, 2000, 5000, 10_000, 30_000, 60_000, 300_000, 600_000, 1_800_000, 3_600_000];
  return steps.find((step) => step >= wanted) ?? 3_600_000;
}
