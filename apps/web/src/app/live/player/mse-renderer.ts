import {
  readProducerTime,
  startsWithKeyframe,
  type Mp4TrackInfo,
  type ProducerTime,
} from '@camrec/mp4';
import type { LiveRenderer, RendererEvents } from './live-renderer';

/**
 * How far playback aims to stay behind the end of the buffer (the newest frame's end): from
 * three frames at 25 fps, room for the jitter of frames arriving over the network; each stall
 * (the buffer ran dry) widens it by a frame, and a quiet spell narrows it again.
 */
export const MIN_TARGET_LAG_S = 0.12;
const MAX_TARGET_LAG_S = 0.5;
const TARGET_STEP_S = 0.04;
/** Without a stall for this long, the target lag narrows by a step. */
const QUIET_MS = 10_000;
/** Behind the live edge by more than this, jump to it (a catch-up would take seconds). */
const JUMP_LAG_S = 1;
/** Playback rate per second of lag away from the target, and its bounds. */
const RATE_PER_LAG_S = 2;
const MIN_RATE = 0.9;
const MAX_RATE = 1.25;
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
  private waitingForKeyframe = false;
  private readonly timer: ReturnType<typeof setInterval>;
  private frameCallback: number | null = null;
  private started = false;
  private targetLagS = MIN_TARGET_LAG_S;
  private lastTargetChange = performance.now();
  /** The newest capture time the server sent: media times near it map to capture times. */
  private producer: ProducerTime | null = null;
  private disposed = false;

  constructor(
    private readonly video: HTMLVideoElement,
    private readonly mime: string,
    init: Uint8Array,
    /** The init segment's video track; null when it has none. */
    private readonly track: Mp4TrackInfo | null,
    private readonly events: RendererEvents,
  ) {
    this.queue.push(init);
    this.objectUrl = URL.createObjectURL(this.mediaSource);
    this.mediaSource.addEventListener('sourceopen', () => this.sourceOpen(), { once: true });
    video.addEventListener('error', this.videoError);
    video.addEventListener('waiting', this.ranDry);
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
    this.video.removeEventListener('waiting', this.ranDry);
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

  /**
   * Follows the live edge, at every painted frame and four times a second (also while none is):
   * a jump when far behind, otherwise a playback rate that steers the lag to its target —
   * faster when behind, slightly slower when so close that the next late frame would stall.
   * Also trims what is behind.
   */
  private keepLive(): void {
    const video = this.video;
    const ranges = video.buffered;
    if (this.disposed || ranges.length === 0) return;
    const start = ranges.start(ranges.length - 1);
    const end = ranges.end(ranges.length - 1);
    const lag = end - video.currentTime;
    if (!this.started || video.currentTime < start || lag > JUMP_LAG_S) {
      this.started = true;
      video.currentTime = Math.max(start, end - this.targetLagS);
    } else {
      if (performance.now() - this.lastTargetChange > QUIET_MS) {
        this.setTarget(this.targetLagS - TARGET_STEP_S);
      }
      const rate = catchUpRate(lag, this.targetLagS);
      if (Math.abs(video.playbackRate - rate) >= 0.01) video.playbackRate = rate;
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
      this.keepLive();
      this.frameCallback = video.requestVideoFrameCallback(onFrame);
    };
    this.frameCallback = video.requestVideoFrameCallback(onFrame);
  }

  private setTarget(lagS: number): void {
    this.targetLagS = Math.min(MAX_TARGET_LAG_S, Math.max(MIN_TARGET_LAG_S, lagS));
    this.lastTargetChange = performance.now();
  }

  /** Playing stopped for want of data (not a seek): frames arrive less evenly than allowed for. */
  private readonly ranDry = (): void => {
    if (this.started && !this.video.seeking) this.setTarget(this.targetLagS + TARGET_STEP_S);
  };

  private readonly videoError = (): void => {
    if (this.disposed) return;
    const detail = this.video.error?.message || `code ${this.video.error?.code ?? '?'}`;
    this.events.failed(`The video element stopped: ${detail}`);
  };
}

/** The playback rate that steers `lagS` (end of buffer − playhead) towards `targetS`. */
export function catchUpRate(lagS: number, targetS: number): number {
  const rate = 1 + (lagS - targetS) * RATE_PER_LAG_S;
  return Math.round(Math.min(MAX_RATE, Math.max(MIN_RATE, rate)) * 100) / 100;
}
