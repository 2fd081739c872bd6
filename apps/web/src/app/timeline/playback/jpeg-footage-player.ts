import { JpegRenderer } from '../../live/player/jpeg-renderer';
import { refreshForward, type ChunkRequest, type ForwardState } from './chunk-plan';
import type { FrameChunkLoader } from './footage-frames';
import { HeldFrames, type HeldFrame } from './held-frames';
import {
  JPEG_KEEP_BEHIND_S,
  advanceClock,
  cursorAfterFrame,
  nextJpegChunk,
  previousJpegChunk,
} from './jpeg-playback-plan';
import type { PlaybackMember, PlaybackMemberEvents } from './playback-member';
import { rangeAt, type MemberView } from './sync-steer';

/** After "no footage after this" (the live edge), ask again this much later. */
const RETRY_END_MS = 10_000;

/**
 * Plays one camera's footage kept as JPEG frames (`jpeg-frames`), which no browser plays through
 * Media Source Extensions: it holds the frames of the chunks it fetched ahead (see
 * jpeg-playback-plan), runs its own clock — each animation frame moves it by the time elapsed ×
 * the rate — and hands the frame at the clock to the live view's JpegRenderer. To the
 * PlaybackController it is a member like the `<video>` players: it seeks, plays and holds when
 * told, and says what it holds, so a JPEG camera plays in sync with video cameras.
 */
export class JpegFootagePlayer implements PlaybackMember {
  private readonly renderer: JpegRenderer;
  private readonly frames = new HeldFrames();
  private origin: number | null = null;
  private clockS = 0;
  private playing = false;
  private rate = 1;
  private forward: ForwardState = { cursorMs: null, endedAtMs: null };
  private retryEndAt = 0;
  private fetching: AbortController | null = null;
  /** Bumped by every reset and load: answers to older requests are dropped. */
  private generation = 0;
  private animation: number | null = null;
  private lastTickAt: number | null = null;
  private painted: HeldFrame | null = null;
  private disposed = false;

  constructor(
    readonly cameraId: string,
    readonly canvas: HTMLCanvasElement,
    private readonly loader: FrameChunkLoader,
    private readonly events: PlaybackMemberEvents,
  ) {
    this.renderer = new JpegRenderer(canvas, {
      framePainted: (frame) => {
        // Which frame is on the canvas, for the browser tests and the curious.
        if (frame.capturedAt !== null) canvas.dataset['paintedAtMs'] = String(frame.capturedAt);
      },
      failed: (reason) => events.failed(reason),
    });
  }

  get currentS(): number {
    return this.clockS;
  }

  reset(originMs: number): void {
    this.origin = originMs;
    this.canvas.dataset['originMs'] = String(originMs);
    this.startOver();
  }

  async load(targetMs: number): Promise<void> {
    if (this.origin === null || this.disposed) return;
    if (this.hasFootageAt(this.toMedia(targetMs))) return;
    this.startOver();
    // Where the controller will put it: no frame of elsewhere is shown meanwhile.
    this.clockS = this.toMedia(targetMs);
    await this.fetchForward(targetMs, 1);
  }

  pump(playheadMs: number, rate: number): void {
    if (this.origin === null || this.fetching || this.disposed) return;
    refreshForward(this.forward, playheadMs, performance.now() >= this.retryEndAt, (ms) =>
      this.hasFootageAt(this.toMedia(ms)),
    );
    this.frames.dropBefore(this.clockS - JPEG_KEEP_BEHIND_S);
    void this.fetchForward(playheadMs, rate);
  }

  view(): MemberView {
    const origin = this.origin ?? 0;
    const cursor = this.forward.cursorMs;
    const ended = this.forward.endedAtMs;
    return {
      currentS: this.clockS,
      ranges: this.frames.ranges(),
      loadedThroughS: cursor === null ? null : (cursor - origin) / 1000,
      finished: ended !== null && (cursor === null || cursor >= ended),
      // Nothing to decode ahead of time: it can play wherever it holds a frame.
      ready: this.hasFootageAt(this.clockS),
    };
  }

  seekTo(mediaS: number, play: boolean, rate: number): void {
    this.clockS = mediaS;
    this.paint();
    if (play) this.play(rate);
    else this.hold();
  }

  play(rate: number): void {
    this.rate = rate;
    if (this.playing || this.disposed) return;
    this.playing = true;
    this.lastTickAt = null;
    this.animation = requestAnimationFrame(this.tick);
  }

  hold(): void {
    this.playing = false;
    if (this.animation !== null) cancelAnimationFrame(this.animation);
    this.animation = null;
  }

  frameAt(s: number): number | null {
    return this.frames.at(s)?.s ?? null;
  }

  frameAfter(s: number): number | null {
    return this.frames.after(s)?.s ?? null;
  }

  frameBefore(s: number): number | null {
    return this.frames.before(s)?.s ?? null;
  }

  firstFrame(): number | null {
    return this.frames.first?.s ?? null;
  }

  hasFootageAt(s: number): boolean {
    return rangeAt(this.frames.ranges(), s) !== null;
  }

  async loadPrevious(): Promise<'loaded' | 'none' | 'before-origin'> {
    const first = this.frames.first;
    if (first === null || this.disposed) return 'none';
    const added = await this.fetchChunk(previousJpegChunk(first.atMs));
    const now = this.frames.first;
    return added && now && now.s < first.s ? 'loaded' : 'none';
  }

  async loadNext(): Promise<'loaded' | 'none'> {
    const cursor = this.forward.cursorMs;
    if (cursor === null || this.disposed) return 'none';
    this.fetching?.abort();
    this.fetching = null;
    const added = await this.fetchChunk({ atMs: cursor, durationS: 4 }, true);
    return added ? 'loaded' : 'none';
  }

  dispose(): void {
    this.disposed = true;
    this.hold();
    this.generation++;
    this.fetching?.abort();
    this.frames.clear();
    this.renderer.dispose();
  }

  private toMedia(ms: number): number {
    return (ms - (this.origin ?? 0)) / 1000;
  }

  /** Holds nothing and fetches nothing: what comes next is asked for afresh. */
  private startOver(): void {
    this.generation++;
    this.fetching?.abort();
    this.fetching = null;
    this.forward = { cursorMs: null, endedAtMs: null };
    this.frames.clear();
    this.painted = null;
  }

  /** One animation frame: the clock moves on by the time since the last, and its frame is shown. */
  private readonly tick = (now: number): void => {
    if (!this.playing || this.disposed) return;
    if (this.lastTickAt !== null) {
      const elapsedS = (now - this.lastTickAt) / 1000;
      this.clockS = advanceClock(this.clockS, elapsedS, this.rate, this.frames.ranges());
    }
    this.lastTickAt = now;
    this.paint();
    this.animation = requestAnimationFrame(this.tick);
  };

  /** Hands the frame shown at the clock to the renderer, when it is not the one painted. */
  private paint(): void {
    const frame = this.frames.at(this.clockS);
    if (!frame || frame === this.painted || this.disposed) return;
    this.painted = frame;
    this.renderer.show(
      { frameNumber: 0, captureMs: frame.atMs, jpeg: frame.jpeg },
      performance.now(),
    );
  }

  private async fetchForward(playheadMs: number, rate: number): Promise<void> {
    const bytesAhead = this.frames.bytesAfter(this.clockS);
    const request = nextJpegChunk(this.forward, playheadMs, rate, bytesAhead);
    if (!request) return;
    const added = await this.fetchChunk(request, true);
    if (added !== undefined) this.events.changed();
  }

  /**
   * Asks for one chunk and holds its frames. Resolves with true when it brought frames, false
   * when the server had none, undefined when it was abandoned (a newer seek) or failed.
   */
  private async fetchChunk(request: ChunkRequest, forward = false): Promise<boolean | undefined> {
    const origin = this.origin;
    // Forward chunks one at a time, in order; a step back may go alongside.
    if (origin === null || (forward && this.fetching)) return undefined;
    const generation = this.generation;
    const controller = new AbortController();
    if (forward) this.fetching = controller;
    try {
      const answer = await this.loader(this.cameraId, request, controller.signal);
      if (generation !== this.generation) return undefined;
      if (answer.kind === 'none' || !answer.frames.length) {
        if (forward) {
          this.forward.endedAtMs = request.atMs;
          this.retryEndAt = performance.now() + RETRY_END_MS;
        }
        return false;
      }
      this.frames.add(answer.frames, origin);
      if (forward) {
        const cursor = cursorAfterFrame(answer.frames[answer.frames.length - 1]);
        this.forward.cursorMs = Math.max(this.forward.cursorMs ?? -Infinity, cursor);
      }
      // The frame at the clock may have just arrived (a seek shows it before playing).
      this.paint();
      return true;
    } catch (error) {
      if (controller.signal.aborted || generation !== this.generation) return undefined;
      this.events.failed(error instanceof Error ? error.message : String(error));
      return undefined;
    } finally {
      if (this.fetching === controller) this.fetching = null;
    }
  }
}
