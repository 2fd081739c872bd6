import { DestroyRef, Injectable, inject, signal } from '@angular/core';
import {
  Mp4FormatError,
  readInitSegment,
  videoTrack,
  type InitSegmentInfo,
  type Mp4TrackInfo,
} from '@camrec/mp4';
import {
  STREAM_CLOSE,
  type SourceType,
  type StreamFormat,
  type StreamMotionMessage,
  type StreamServerMessage,
} from '@camrec/shared-types';
import {
  StreamClient,
  type StreamClientOptions,
  type StreamClosedDetail,
  type StreamConnectionState,
} from '../stream-client';
import { ClockSync } from './clock-sync';
import { chooseDecoder, forcedDecoder, videoCodecFromMime } from './decoder-choice';
import { FrameMeter } from './frame-meter';
import { JpegRenderer } from './jpeg-renderer';
import type { DecoderKind, LiveRenderer, PaintedFrame, RendererEvents } from './live-renderer';
import { MseRenderer } from './mse-renderer';
import { videoDecoderConfig, WebCodecsRenderer } from './webcodecs-renderer';

/** What the tile shows: a picture, a wait, a retry, or the end. */
export type LiveState = 'connecting' | 'live' | 'stalled' | 'reconnecting' | 'closed';

export interface LiveSource {
  sessionId: string;
  sourceType: SourceType;
  hasAudio: boolean;
}

export interface LiveElements {
  canvas: HTMLCanvasElement;
  video: HTMLVideoElement;
}

/**
 * What the delay figure measures: from the camera's capture (its clock, checked against the
 * server's), from the server's stamp on arrival (network + decode), or only what this browser
 * sees (arrival → paint, or the MSE buffer ahead of the picture).
 */
export type DelayKind = 'camera' | 'server' | 'local';

/** A capture time this far behind the server's clock is from another clock, not a delay. */
const MAX_PLAUSIBLE_DELAY_MS = 2000;
/** Clock skew tolerated beyond the clock estimate's own uncertainty before "ahead" is wrong. */
const CLOCK_SLACK_MS = 5;

/** No frame for this long while connected: the tile says the picture stalled. */
const STALL_AFTER_MS = 3000;
/** Messages kept while a decoder is being chosen (a few seconds of video at most). */
const MAX_PENDING = 150;

/**
 * Shows one session's stream: opens `/stream`, reads the init segment, picks WebCodecs, MSE
 * or JPEG frames, falls back when one fails, and measures what it paints. One per tile.
 */
@Injectable()
export class LivePlayer {
  readonly state = signal<LiveState>('connecting');
  readonly decoder = signal<DecoderKind | null>(null);
  readonly fps = signal(0);
  readonly frames = signal(0);
  readonly resolution = signal<{ width: number; height: number } | null>(null);
  readonly delayMs = signal<number | null>(null);
  readonly delayKind = signal<DelayKind | null>(null);
  /** Why the picture is not live, in words (server reason or connection problem). */
  readonly notice = signal<string | null>(null);
  /** The latest `motion` message: what motion detection sees in this picture. */
  readonly motion = signal<StreamMotionMessage | null>(null);

  private elements: LiveElements | null = null;
  private source: LiveSource | null = null;
  private client: StreamClient | null = null;
  private format: StreamFormat = 'mse';
  private renderer: LiveRenderer | null = null;
  private mime = '';
  private track: Mp4TrackInfo | null = null;
  private initSegment: Uint8Array | null = null;
  private expectingInit = false;
  private choosing = false;
  private pending: [Uint8Array, number][] = [];
  private readonly excluded = new Set<DecoderKind>();
  private readonly meter = new FrameMeter();
  /** Delays measured since the last publish (see publishDelay). */
  private delays: { ms: number; kind: DelayKind }[] = [];
  private readonly clock = new ClockSync((clientTime) =>
    this.client?.send({ type: 'clock', client_time: clientTime }),
  );
  private serverReconnecting = false;
  private muted = true;
  private timer: ReturnType<typeof setInterval> | null = null;
  private forced: DecoderKind | null = null;
  private disposed = false;

  /** Test seam: the socket factory handed to the stream client. */
  createSocket: StreamClientOptions['createSocket'];

  constructor() {
    inject(DestroyRef).onDestroy(() => this.dispose());
  }

  start(elements: LiveElements, source: LiveSource): void {
    this.elements = elements;
    this.source = source;
    this.forced = forcedDecoder(globalThis.location?.search ?? '', safeStorage());
    this.format = source.sourceType === 'mjpeg' || this.forced === 'jpeg' ? 'jpeg' : 'mse';
    this.timer = setInterval(() => this.publish(), 500);
    this.connect();
  }

  /** Sound needs MSE: unmuting a WebCodecs tile with audio switches it over. */
  setMuted(muted: boolean): void {
    this.muted = muted;
    this.renderer?.setMuted(muted);
    if (!muted && this.source?.hasAudio && this.renderer?.kind === 'webcodecs') {
      this.rechoose();
    }
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearInterval(this.timer);
    this.clock.stop();
    this.client?.close();
    this.client = null;
    this.dropRenderer();
  }

  private connect(): void {
    if (!this.source) return;
    this.client = new StreamClient({
      sessionId: this.source.sessionId,
      format: this.format,
      createSocket: this.createSocket,
      onMessage: (message) => this.onMessage(message),
      onBinary: (data) => this.onBinary(data, performance.now()),
      onStateChange: (state, detail) => this.onConnection(state, detail),
    });
    this.client.start();
  }

  private onMessage(message: StreamServerMessage): void {
    switch (message.type) {
      case 'init':
        this.mime = message.mime;
        this.expectingInit = true;
        this.dropRenderer();
        break;
      case 'status':
        this.serverReconnecting = message.state === 'reconnecting';
        if (message.state === 'reconnecting') {
          this.state.set('reconnecting');
          this.notice.set(message.reason ?? 'The camera stopped sending; reconnecting.');
        } else if (message.state === 'closed') {
          this.state.set('closed');
          this.notice.set(message.reason ?? 'The session was closed.');
        } else if (message.state === 'active' && this.state() === 'reconnecting') {
          this.state.set('connecting');
          this.notice.set(null);
        }
        break;
      case 'error':
        this.notice.set(message.message);
        break;
      case 'clock':
        this.clock.answer(message);
        break;
      case 'motion':
        this.motion.set(message);
        break;
      default:
        break;
    }
  }

  private onBinary(data: Uint8Array, receivedAt: number): void {
    if (this.disposed) return;
    if (this.format === 'jpeg') {
      this.renderer ??= this.createRenderer('jpeg');
      this.renderer?.push(data, receivedAt);
      return;
    }
    if (this.expectingInit || !this.initSegment) {
      const init = initSegmentOf(data);
      if (!init) return;
      this.expectingInit = false;
      this.initSegment = data;
      this.track = videoTrack(init);
      void this.choose();
      return;
    }
    if (this.choosing || !this.renderer) {
      this.pending.push([data, receivedAt]);
      if (this.pending.length > MAX_PENDING) this.pending.shift();
      return;
    }
    this.renderer.push(data, receivedAt);
  }

  private async choose(): Promise<void> {
    this.choosing = true;
    const kind = await chooseDecoder({
      track: this.track,
      mime: this.mime,
      forced: this.forced,
      wantsAudio: !this.muted && (this.source?.hasAudio ?? false),
      excluded: this.excluded,
    });
    this.choosing = false;
    if (this.disposed) return;
    if (kind === 'jpeg') {
      this.switchToJpeg();
      return;
    }
    this.dropRenderer();
    this.renderer = this.createRenderer(kind);
    const pending = this.pending;
    this.pending = [];
    for (const [data, receivedAt] of pending) this.renderer?.push(data, receivedAt);
  }

  private rechoose(): void {
    this.dropRenderer();
    if (this.initSegment) void this.choose();
  }

  private createRenderer(kind: DecoderKind): LiveRenderer | null {
    const elements = this.elements;
    if (!elements) return null;
    const events: RendererEvents = {
      framePainted: (frame) => this.painted(frame),
      failed: (reason) => this.rendererFailed(kind, reason),
    };
    let renderer: LiveRenderer | null = null;
    if (kind === 'jpeg') {
      renderer = new JpegRenderer(elements.canvas, events);
    } else if (kind === 'mse' && this.initSegment) {
      renderer = new MseRenderer(elements.video, this.mime, this.initSegment, this.track, events);
    } else if (kind === 'webcodecs' && this.track) {
      const config = videoDecoderConfig(this.track, videoCodecFromMime(this.mime));
      if (config) renderer = new WebCodecsRenderer(elements.canvas, this.track, config, events);
    }
    renderer?.setMuted(this.muted);
    this.decoder.set(renderer?.kind ?? null);
    return renderer;
  }

  private rendererFailed(kind: DecoderKind, reason: string): void {
    if (this.disposed || this.renderer?.kind !== kind) return;
    console.warn(`camrec: ${reason}; trying the next decoder`);
    this.excluded.add(kind);
    if (kind === 'jpeg') {
      this.notice.set(reason);
      return;
    }
    this.rechoose();
  }

  /** Neither browser decoder can show this codec: ask the server for JPEG frames instead. */
  private switchToJpeg(): void {
    this.client?.close();
    this.dropRenderer();
    this.initSegment = null;
    this.pending = [];
    this.format = 'jpeg';
    this.connect();
  }

  private onConnection(state: StreamConnectionState, detail?: StreamClosedDetail): void {
    if (this.disposed) return;
    if (state === 'reconnecting') {
      this.state.set('reconnecting');
      this.notice.set('Connection to the server lost; reconnecting.');
    } else if (state === 'open') {
      this.clock.start();
      if (!this.serverReconnecting) {
        this.state.set('connecting');
        this.notice.set(null);
      }
    } else if (state === 'closed' && detail) {
      if (detail.code === STREAM_CLOSE.UNSUPPORTED_FORMAT && this.format !== 'jpeg') {
        this.switchToJpeg();
        return;
      }
      this.state.set('closed');
      this.notice.set(detail.reason || 'The stream ended.');
    }
  }

  private painted(frame: PaintedFrame): void {
    this.meter.tick(performance.now());
    const delay = this.measureDelay(frame);
    if (delay) this.delays.push(delay);
    const current = this.resolution();
    if (!current || current.width !== frame.width || current.height !== frame.height) {
      this.resolution.set({ width: frame.width, height: frame.height });
    }
    if (this.state() !== 'live' && !this.serverReconnecting && this.client?.state === 'open') {
      this.state.set('live');
      this.notice.set(null);
    }
  }

  /** Twice a second: publish the measurements (not per frame, to spare change detection). */
  private publish(): void {
    const now = performance.now();
    this.fps.set(this.meter.fps(now));
    this.frames.set(this.meter.total);
    this.publishDelay();
    const last = this.meter.last;
    const stalled = this.state() === 'live' && (last === null || now - last > STALL_AFTER_MS);
    if (stalled) this.state.set('stalled');
  }

  /**
   * Capture → paint when the frame carries a capture time and the clocks are comparable: the
   * server's clock is known here within the clock exchange's uncertainty, and a capture clock
   * that disagrees with it shows as a frame captured in the future or implausibly long ago.
   * Otherwise only what this browser measured.
   */
  private measureDelay(frame: PaintedFrame): { ms: number; kind: DelayKind } | null {
    const serverNow = this.clock.serverNow();
    if (frame.capturedAt !== null && frame.capturedBy && serverNow !== null) {
      const sinceCapture = serverNow - frame.capturedAt;
      const earliest = -this.clock.uncertaintyMs - CLOCK_SLACK_MS;
      if (sinceCapture >= earliest && sinceCapture <= MAX_PLAUSIBLE_DELAY_MS) {
        return { ms: Math.max(0, sinceCapture), kind: frame.capturedBy };
      }
    }
    return frame.localDelayMs === null ? null : { ms: frame.localDelayMs, kind: 'local' };
  }

  /** The median of the last half second's frames of the kind the newest one measured. */
  private publishDelay(): void {
    const kind = this.delays.at(-1)?.kind;
    const values = this.delays
      .filter((d) => d.kind === kind)
      .map((d) => d.ms)
      .sort((a, b) => a - b);
    this.delays = [];
    if (!kind || values.length === 0) return;
    this.delayMs.set(Math.round(values[Math.floor(values.length / 2)]));
    this.delayKind.set(kind);
  }

  private dropRenderer(): void {
    this.renderer?.dispose();
    this.renderer = null;
  }
}

function safeStorage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

/** The init segment a binary message holds; null for a fragment (or bytes that are no MP4). */
function initSegmentOf(data: Uint8Array): InitSegmentInfo | null {
  try {
    return readInitSegment(data);
  } catch (error) {
    if (error instanceof Mp4FormatError || error instanceof RangeError) return null;
    throw error;
  }
}
