import { startsWithKeyframe } from './fragment-samples';
import { parseInitSegment, type VideoTrack } from './init-segment';
import type { LiveRenderer, RendererEvents } from './live-renderer';
import { readProducerTime, type ProducerTime } from './producer-time';

/** Behind the live edge by more than this, jump to it. */
const JUMP_LAG_S = 1.2;
/** Behind by more than this, play slightly faster to catch up without a visible jump. */
const CATCH_UP_LAG_S = 0.35;
/** Where a jump lands, just before the last buffered frame. */
const EDGE_MARGIN_S = 0.1;
/** Media kept behind the playhead; older data is removed so memory stays flat. */
const KEEP_BEHIND_S = 6;
/** Fragments waiting to be appended beyond which we drop to the next keyframe. */
const MAX_QUEUE = 60;

/**
 * Media Source Extensions fallback: a muted `<video>` fed with the fMP4 stream and held near
 * the live edge (catch-up rate, jumps, buffer trimming). A viewer that joins gets the hub's
 * cached GOP at once; playback then starts at the live edge rather than at the GOP's keyframe
 * (the browser decodes from the keyframe to it), so no stale second is shown. Each painted
 * frame reports its capture time when the server sent one (`prft`), and how far it is behind
 * the newest buffered frame.
 */
export class MseRenderer implements LiveRenderer {
  readonly kind = 'mse';
  private readonly mediaSource = new MediaSource();
  private readonly objectUrl: string;
  private sourceBuffer: SourceBuffer | null = null;
  private readonly queue: Uint8Array[] = [];
  private readonly track: VideoTrack | null;
  private waitingForKeyframe = false;
  private readonly timer: ReturnType<typeof setInterval>;
  private frameCallback: number | null = null;
  private started = false;
  /** The newest capture time the server sent: media times near it map to capture times. */
  private producer: ProducerTime | null = null;
  private disposed = false;

  constructor(
    private readonly video: HTMLVideoElement,
    private readonly mime: string,
    init: Uint8Array,
    private readonly events: RendererEvents,
  ) {
    this.track = parseInitSegment(init);
    this.queue.push(init);
    this.objectUrl = URL.createObjectURL(this.mediaSource);
    this.mediaSource.addEventListener('sourceopen', () => this.sourceOpen(), { once: true });
    video.addEventListener('error', this.videoError);
    video.src = this.objectUrl;
    this.timer = setInterval(() => this.keepLive(), 250);
    this.watchFrames();
  }

  push(data: Uint8Array): void {
    if (this.disposed) return;
    if (this.queue.length > MAX_QUEUE) {
      // Keep the init segment if it was never appended.
      this.queue.splice(this.sourceBuffer ? 0 : 1);
      this.waitingForKeyframe = true;
    }
    if (this.waitingForKeyframe) {
      if (!this.track || !startsWithKeyframe(data, this.track)) return;
      this.waitingForKeyframe = false;
    }
    this.producer = (this.track && readProducerTime(data, this.track)) ?? this.producer;
    this.queue.push(data);
    this.append();
  }

  setMuted(muted: boolean): void {
    this.video.muted = muted;
  }

  dispose(): void {
    this.disposed = true;
    clearInterval(this.timer);
    if (this.frameCallback !== null) this.video.cancelVideoFrameCallback(this.frameCallback);
    this.video.removeEventListener('error', this.videoError);
    this.video.removeAttribute('src');
    this.video.load();
    URL.revokeObjectURL(this.objectUrl);
  }

  private sourceOpen(): void {
    if (this.disposed) return;
    try {
      this.sourceBuffer = this.mediaSource.addSourceBuffer(this.mime);
    } catch (error) {
      this.events.failed(`This browser cannot play ${this.mime}: ${String(error)}`);
      return;
    }
    this.sourceBuffer.mode = 'segments';
    this.sourceBuffer.addEventListener('updateend', () => {
      if (!this.started) this.keepLive();
      this.append();
    });
    this.append();
  }

  private append(): void {
    const buffer = this.sourceBuffer;
    if (this.disposed || !buffer || buffer.updating || this.queue.length === 0) return;
    const next = this.queue[0];
    try {
      buffer.appendBuffer(next as Uint8Array<ArrayBuffer>);
      this.queue.shift();
    } catch (error) {
      if (error instanceof DOMException && error.name === 'QuotaExceededError') {
        this.trim(1);
        return;
      }
      this.events.failed(`Media Source Extensions refused the stream: ${String(error)}`);
    }
  }

  /** Runs four times a second: follows the live edge and trims what is behind. */
  private keepLive(): void {
    const video = this.video;
    const ranges = video.buffered;
    if (this.disposed || ranges.length === 0) return;
    const start = ranges.start(ranges.length - 1);
    const end = ranges.end(ranges.length - 1);
    const lag = end - video.currentTime;
    if (!this.started || video.currentTime < start || lag > JUMP_LAG_S) {
      this.started = true;
      video.currentTime = Math.max(start, end - EDGE_MARGIN_S);
    } else {
      video.playbackRate = lag > CATCH_UP_LAG_S ? 1.25 : 1;
    }
    if (video.paused) video.play().catch(() => undefined);
    this.trim(KEEP_BEHIND_S);
  }

  private trim(keepBehind: number): void {
    const buffer = this.sourceBuffer;
    const ranges = this.video.buffered;
    if (!buffer || buffer.updating || ranges.length === 0) return;
    const removeUntil = this.video.currentTime - keepBehind;
    if (removeUntil > ranges.start(0) + 1) buffer.remove(0, removeUntil);
  }

  private watchFrames(): void {
    const video = this.video;
    if (typeof video.requestVideoFrameCallback !== 'function') return;
    const onFrame: VideoFrameRequestCallback = (_now, metadata) => {
      if (this.disposed) return;
      const ranges = video.buffered;
      const lag = ranges.length ? ranges.end(ranges.length - 1) - video.currentTime : 0;
      const producer = this.producer;
      this.events.framePainted({
        width: metadata.width,
        height: metadata.height,
        capturedAt: producer
          ? producer.capturedAt + (metadata.mediaTime - producer.mediaS) * 1000
          : null,
        capturedBy: producer ? 'camera' : null,
        localDelayMs: Math.max(0, lag * 1000),
      });
      this.frameCallback = video.requestVideoFrameCallback(onFrame);
    };
    this.frameCallback = video.requestVideoFrameCallback(onFrame);
  }

  private readonly videoError = (): void => {
    if (this.disposed) return;
    const detail = this.video.error?.message || `code ${this.video.error?.code ?? '?'}`;
    this.events.failed(`The video element stopped: ${detail}`);
  };
}
