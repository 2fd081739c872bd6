import { describeChunk, type ChunkMedia } from './chunk-media';
import {
  cursorAfter,
  nextForwardChunk,
  previousChunk,
  refreshForward,
  type ChunkRequest,
  type ForwardState,
} from './chunk-plan';
import type { PlaybackMember, PlaybackMemberEvents } from './playback-member';
import type { MemberView } from './sync-steer';

/** What the server answered for a chunk. */
export type ChunkAnswer =
  | { kind: 'media'; bytes: Uint8Array }
  /** 404: no footage at or after the instant. */
  | { kind: 'none' }
  /** 400: the footage starts before the origin; the player needs a new one. */
  | { kind: 'before-origin' };

export type ChunkLoader = (
  cameraId: string,
  request: ChunkRequest,
  originMs: number,
  signal: AbortSignal,
) => Promise<ChunkAnswer>;

/** Footage kept behind the play position; older is removed so memory stays flat. */
const KEEP_BEHIND_S = 30;
/** After "no footage after this" (the live edge), ask again this much later. */
const RETRY_END_MS = 10_000;

type OperationRequest =
  | { kind: 'append'; bytes: Uint8Array; mime: string }
  | { kind: 'remove'; start: number; end: number };
type Operation = OperationRequest & { done: (ok: boolean) => void };

/**
 * Plays one camera's recorded footage in a `<video>` through Media Source Extensions: chunks of
 * `playback.mp4` (fMP4 whose decode times count from the origin) appended whole to one
 * SourceBuffer, fetched ahead of the play position as it moves (see chunk-plan), and the
 * times of every frame buffered, for stepping one frame at a time. Where to play and when is
 * the PlaybackController's business (one clock for several players): this class seeks, plays
 * and holds when told, and says what it has buffered.
 */
export class TimelinePlayer implements PlaybackMember {
  private mediaSource: MediaSource | null = null;
  private objectUrl: string | null = null;
  private sourceBuffer: SourceBuffer | null = null;
  private mime: string | null = null;
  private readonly operations: Operation[] = [];
  private busy = false;
  private operationError = false;
  private origin: number | null = null;
  private forward: ForwardState = { cursorMs: null, endedAtMs: null };
  private retryEndAt = 0;
  private fetching: AbortController | null = null;
  private generation = 0;
  /** Presentation times of the buffered frames, seconds, sorted. */
  private frames: number[] = [];
  private trimming = false;
  private disposed = false;
  /** Play was asked for during a seek: it starts when the seek is done. */
  private playWhenSeeked = false;

  constructor(
    readonly cameraId: string,
    readonly video: HTMLVideoElement,
    private readonly loader: ChunkLoader,
    private readonly events: PlaybackMemberEvents,
  ) {
    video.addEventListener('error', this.videoError);
    video.addEventListener('seeked', this.seeked);
  }

  get originMs(): number | null {
    return this.origin;
  }

  get currentS(): number {
    return this.video.currentTime;
  }

  /** Starts over on a new media timeline whose 0 is `originMs` (a fresh MediaSource). */
  reset(originMs: number): void {
    this.generation++;
    this.fetching?.abort();
    this.fetching = null;
    for (const operation of this.operations.splice(0)) operation.done(false);
    this.busy = false;
    this.detach();
    this.origin = originMs;
    this.forward = { cursorMs: null, endedAtMs: null };
    this.frames = [];
    const mediaSource = new MediaSource();
    this.mediaSource = mediaSource;
    this.objectUrl = URL.createObjectURL(mediaSource);
    this.video.dataset['originMs'] = String(originMs);
    mediaSource.addEventListener('sourceopen', () => this.run(), { once: true });
    this.video.src = this.objectUrl;
  }

  /**
   * Footage from `targetMs`: kept when it is buffered there, else the buffer is emptied and the
   * first chunk from there fetched (resolves once it is appended, or the server has none).
   */
  async load(targetMs: number): Promise<void> {
    if (this.origin === null || this.disposed) return;
    if (this.hasFootageAt(this.toMedia(targetMs))) return;
    this.generation++;
    this.fetching?.abort();
    this.fetching = null;
    this.forward = { cursorMs: null, endedAtMs: null };
    this.frames = [];
    if (this.sourceBuffer) await this.enqueue({ kind: 'remove', start: 0, end: Infinity });
    await this.fetchForward(targetMs, 1);
  }

  /** Fetches ahead of `playheadMs` if the plan says so (one request at a time). */
  pump(playheadMs: number, rate: number): void {
    if (this.origin === null || this.fetching || this.disposed) return;
    refreshForward(this.forward, playheadMs, performance.now() >= this.retryEndAt, (ms) =>
      this.hasFootageAt(this.toMedia(ms)),
    );
    void this.fetchForward(playheadMs, rate);
    this.trim();
  }

  /** What the clock needs to know of this player, in media seconds. */
  view(): MemberView {
    const origin = this.origin ?? 0;
    const cursor = this.forward.cursorMs;
    const ended = this.forward.endedAtMs;
    return {
      currentS: this.video.currentTime,
      ranges: this.ranges(),
      loadedThroughS: cursor === null ? null : (cursor - origin) / 1000,
      finished: ended !== null && (cursor === null || cursor >= ended),
      ready: this.video.readyState >= HTMLMediaElement.HAVE_FUTURE_DATA && !this.video.seeking,
    };
  }

  /**
   * Shows media time `mediaS`, then plays on from it or stays there. Playing resumes once the
   * seek is done, so the frame at the instant is painted first (not the frames the clock ran
   * past while the element decoded its way there).
   */
  seekTo(mediaS: number, play: boolean, rate: number): void {
    if (Math.abs(this.video.currentTime - mediaS) > 1e-6) {
      if (!this.video.paused) this.video.pause();
      this.video.currentTime = mediaS;
    }
    if (play) this.play(rate);
    else this.hold();
  }

  play(rate: number): void {
    if (Math.abs(this.video.playbackRate - rate) > 0.0005) this.video.playbackRate = rate;
    if (this.video.seeking) {
      this.playWhenSeeked = true;
      return;
    }
    if (this.video.paused) this.video.play().catch(() => undefined);
  }

  hold(): void {
    this.playWhenSeeked = false;
    if (!this.video.paused) this.video.pause();
  }

  /** The presentation time of the frame shown at `s` (null: not buffered). */
  frameAt(s: number): number | null {
    const i = this.frameIndexAt(s);
    return i >= 0 ? this.frames[i] : null;
  }

  /** The presentation time of the frame after the one shown at `s` (null: not buffered). */
  frameAfter(s: number): number | null {
    const i = this.frameIndexAt(s);
    const next = this.frames[i + 1];
    return next === undefined ? null : next;
  }

  /** The presentation time of the frame before the one shown at `s` (null: not buffered). */
  frameBefore(s: number): number | null {
    const i = this.frameIndexAt(s);
    return i >= 1 ? this.frames[i - 1] : null;
  }

  /** Media seconds of the first buffered frame, if any. */
  firstFrame(): number | null {
    return this.frames[0] ?? null;
  }

  /**
   * Fetches the chunk that ends where the buffered footage starts, for stepping back into it:
   * "none" at the start of the footage, "before-origin" when it would lie before the origin
   * (the caller then seeks there, which takes a new origin).
   */
  async loadPrevious(): Promise<'loaded' | 'none' | 'before-origin'> {
    const origin = this.origin;
    const first = this.firstFrame();
    if (origin === null || first === null || this.disposed) return 'none';
    const request = previousChunk(origin, origin + first * 1000);
    if (!request) return 'before-origin';
    const media = await this.fetchChunk(request);
    return media && media.startS < first ? 'loaded' : 'none';
  }

  /** Fetches the next chunk now, whatever the plan says (stepping past the buffered end). */
  async loadNext(): Promise<'loaded' | 'none'> {
    const cursor = this.forward.cursorMs;
    if (cursor === null || this.disposed) return 'none';
    this.fetching?.abort();
    this.fetching = null;
    const media = await this.fetchChunk({ atMs: cursor, durationS: 10 }, true);
    return media ? 'loaded' : 'none';
  }

  dispose(): void {
    this.disposed = true;
    this.generation++;
    this.fetching?.abort();
    for (const operation of this.operations.splice(0)) operation.done(false);
    this.video.removeEventListener('error', this.videoError);
    this.video.removeEventListener('seeked', this.seeked);
    this.detach();
  }

  /** Whether footage is buffered at media time `s` (not just its last instant). */
  hasFootageAt(s: number): boolean {
    return this.ranges().some(([start, end]) => start - 0.001 <= s && s < end - 0.03);
  }

  toMedia(ms: number): number {
    return (ms - (this.origin ?? 0)) / 1000;
  }

  private ranges(): Array<[number, number]> {
    const buffered = this.sourceBuffer && !this.disposed ? safeBuffered(this.sourceBuffer) : null;
    const out: Array<[number, number]> = [];
    if (!buffered) return out;
    for (let i = 0; i < buffered.length; i++) out.push([buffered.start(i), buffered.end(i)]);
    return out;
  }

  private async fetchForward(playheadMs: number, rate: number): Promise<void> {
    const request = nextForwardChunk(this.forward, playheadMs, rate);
    if (!request) return;
    const media = await this.fetchChunk(request, true);
    if (media !== undefined) this.events.changed();
  }

  /**
   * Asks for one chunk and appends it. Resolves with its description, null when the server had
   * none, or undefined when it was abandoned (a newer seek) or failed.
   */
  private async fetchChunk(
    request: ChunkRequest,
    forward = false,
  ): Promise<ChunkMedia | null | undefined> {
    const origin = this.origin;
    // Forward chunks one at a time, in order; a step back may go alongside.
    if (origin === null || (forward && this.fetching)) return undefined;
    const generation = this.generation;
    const controller = new AbortController();
    if (forward) this.fetching = controller;
    try {
      const answer = await this.loader(this.cameraId, request, origin, controller.signal);
      if (generation !== this.generation) return undefined;
      if (answer.kind === 'before-origin') {
        this.events.needsNewOrigin(request.atMs);
        return undefined;
      }
      if (answer.kind === 'none') {
        if (forward) {
          this.forward.endedAtMs = request.atMs;
          this.retryEndAt = performance.now() + RETRY_END_MS;
        }
        return null;
      }
      const media = describeChunk(answer.bytes);
      if (!media) throw new Error('the server sent a chunk without video');
      const appended = await this.enqueue({
        kind: 'append',
        bytes: answer.bytes,
        mime: media.mime,
      });
      if (!appended || generation !== this.generation) return undefined;
      this.addFrames(media.frameTimesS);
      if (forward) {
        const cursor = cursorAfter(origin, media.endS);
        this.forward.cursorMs = Math.max(this.forward.cursorMs ?? -Infinity, cursor);
      }
      return media;
    } catch (error) {
      if (controller.signal.aborted || generation !== this.generation) return undefined;
      this.events.failed(error instanceof Error ? error.message : String(error));
      return undefined;
    } finally {
      if (this.fetching === controller) this.fetching = null;
    }
  }

  private addFrames(times: number[]): void {
    if (!times.length) return;
    const merged = [...this.frames, ...times].sort((a, b) => a - b);
    this.frames = merged.filter((t, i) => i === 0 || t - merged[i - 1] > 1e-6);
  }

  /** The index of the frame shown at `s`: the last one at or before it. */
  private frameIndexAt(s: number): number {
    let lo = 0;
    let hi = this.frames.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.frames[mid] <= s + 1e-6) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }

  /** Removes what lies well behind the play position. */
  private trim(): void {
    const buffer = this.sourceBuffer;
    const ranges = this.ranges();
    if (!buffer || this.trimming || !ranges.length) return;
    const until = this.video.currentTime - KEEP_BEHIND_S;
    if (ranges[0][0] >= until - 5) return;
    this.trimming = true;
    void this.enqueue({ kind: 'remove', start: 0, end: until }).then(() => {
      this.trimming = false;
      this.frames = this.frames.filter((t) => t >= until);
    });
  }

  private enqueue(operation: OperationRequest): Promise<boolean> {
    return new Promise((resolve) => {
      this.operations.push({ ...operation, done: resolve });
      this.run();
    });
  }

  /** Runs the next SourceBuffer operation once the MediaSource is open and the buffer idle. */
  private run(): void {
    const mediaSource = this.mediaSource;
    if (this.busy || this.disposed || !mediaSource || mediaSource.readyState !== 'open') return;
    const operation = this.operations[0];
    if (!operation) return;
    try {
      if (operation.kind === 'remove') {
        const buffer = this.sourceBuffer;
        const end = Math.min(operation.end, mediaSource.duration || 0);
        if (!buffer || !(end > operation.start)) {
          this.operations.shift();
          operation.done(true);
          this.run();
          return;
        }
        this.busy = true;
        buffer.remove(operation.start, end);
        return;
      }
      const buffer = this.bufferFor(mediaSource, operation.mime);
      this.busy = true;
      buffer.appendBuffer(operation.bytes as Uint8Array<ArrayBuffer>);
    } catch (error) {
      this.busy = false;
      // A full buffer: what is behind the play position goes first, then the append again.
      const behind = this.video.currentTime - 5;
      const ranges = this.ranges();
      if (isQuotaError(error) && ranges.length && ranges[0][0] < behind) {
        this.operations.unshift({ kind: 'remove', start: 0, end: behind, done: () => undefined });
        this.run();
        return;
      }
      this.operations.shift();
      operation.done(false);
      this.events.failed(`Media Source Extensions refused the footage: ${String(error)}`);
    }
  }

  private bufferFor(mediaSource: MediaSource, mime: string): SourceBuffer {
    if (!this.sourceBuffer) {
      if (!MediaSource.isTypeSupported(mime)) throw new Error(`this browser cannot play ${mime}`);
      const buffer = mediaSource.addSourceBuffer(mime);
      buffer.mode = 'segments';
      buffer.addEventListener('updateend', this.operationDone);
      buffer.addEventListener('error', this.operationFailed);
      this.sourceBuffer = buffer;
      this.mime = mime;
    } else if (mime !== this.mime && typeof this.sourceBuffer.changeType === 'function') {
      // The camera's codec changed between chunks.
      this.sourceBuffer.changeType(mime);
      this.mime = mime;
    }
    return this.sourceBuffer;
  }

  /** After an `error` event the browser still fires `updateend`: that ends the operation. */
  private readonly operationDone = (): void => {
    const ok = !this.operationError;
    this.operationError = false;
    this.busy = false;
    this.operations.shift()?.done(ok);
    this.run();
  };

  private readonly operationFailed = (): void => {
    this.operationError = true;
  };

  private detach(): void {
    this.sourceBuffer?.removeEventListener('updateend', this.operationDone);
    this.sourceBuffer?.removeEventListener('error', this.operationFailed);
    this.sourceBuffer = null;
    this.mime = null;
    this.mediaSource = null;
    if (this.objectUrl) {
      this.video.removeAttribute('src');
      this.video.load();
      URL.revokeObjectURL(this.objectUrl);
      this.objectUrl = null;
    }
  }

  private readonly seeked = (): void => {
    if (!this.playWhenSeeked || this.disposed || this.video.seeking) return;
    this.playWhenSeeked = false;
    this.video.play().catch(() => undefined);
  };

  private readonly videoError = (): void => {
    if (this.disposed || !this.objectUrl) return;
    const detail = this.video.error?.message || `code ${this.video.error?.code ?? '?'}`;
    this.events.failed(`The video element stopped: ${detail}`);
  };
}

function isQuotaError(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'QuotaExceededError';
}

/** `buffered` throws once the SourceBuffer was removed from its MediaSource. */
function safeBuffered(buffer: SourceBuffer): TimeRanges | null {
  try {
    return buffer.buffered;
  } catch {
    return null;
  }
}
