import type { MediaInfo, SessionState, SessionStats, SourceType } from '@camrec/shared-types';
import { Observable, Subject } from 'rxjs';
import { StreamHub } from '../hub/stream-hub';
import type { Ingest, IngestEnd, IngestSink, SourceConnector } from '../ingest/ingest';
import { isDefinitiveFailure, SourceFailure } from '../ingest/source-failure';
import { maskCredentials } from '@camrec/process';
import { parseSourceUrl } from '../source/source-url';
import type { CameraSessionOptions, SessionLogLevel } from './camera-session-options';
import { createSourceConnector } from './create-source-connector';
import { reconnectDelayMs, sleep } from './reconnect-backoff';
import { describeSourceFailure, SessionOpenError } from './session-open-error';
import { SessionStreamPublisher } from './session-stream-publisher';

export interface SessionStateChange {
  state: SessionState;
  previous: SessionState;
  /** Why, in words (credentials masked). */
  reason: string;
  /** Wall-clock ms. */
  at: number;
}

/** `open()` was interrupted by `close()`. */
export class SessionClosedError extends Error {
  override readonly name = 'SessionClosedError';
}

/** Pause between verification attempts, so a camera that is just starting gets a moment. */
const ATTEMPT_PAUSE_MS = 500;

type AttemptOutcome = 'verified' | 'timeout' | 'closed' | IngestEnd;

/** Frames seen by one connection attempt; a stale run (stopped attempt) publishes nothing. */
interface IngestRun {
  /** The source said something: an init segment or a frame. */
  answered: boolean;
  frames: number;
  stale: boolean;
  onFrames?: () => void;
}

/**
 * One camera: verifies the source with the real pipeline, fans its stream out through `hub`,
 * reconnects with backoff when the camera is lost, and ends everything on `close()`.
 * States: opening → active ⇄ reconnecting → closing → closed.
 */
export class CameraSession {
  readonly id: string;
  readonly sourceType: SourceType;
  /** The camera URL with credentials masked. */
  readonly maskedUrl: string;
  readonly hub: StreamHub;
  readonly stateChanges: Observable<SessionStateChange>;

  private readonly changes = new Subject<SessionStateChange>();
  private connector: SourceConnector;
  private readonly lifetime = new AbortController();
  private readonly publisher: SessionStreamPublisher;
  private currentState: SessionState = 'opening';
  private ingest: Ingest | null = null;
  private attemptInFlight: Promise<unknown> | null = null;
  private opening: Promise<MediaInfo> | null = null;
  private closing: Promise<void> | null = null;
  private mediaInfo: MediaInfo | null = null;
  private lastErrorText: string | undefined;
  private reconnectCount = 0;
  private nextReconnectAt: number | null = null;
  private activeSince: number | null = null;
  private closedAt: number | null = null;

  constructor(private readonly options: CameraSessionOptions) {
    const source = parseSourceUrl(options.url);
    this.id = options.id;
    this.maskedUrl = source.masked;
    this.sourceType = source.scheme === 'rtsp' || source.scheme === 'rtsps' ? 'rtsp' : 'mjpeg';
    this.hub = new StreamHub(options.hub);
    this.publisher = new SessionStreamPublisher(this.hub);
    this.stateChanges = this.changes.asObservable();
    this.connector = createSourceConnector(source, options, (line) =>
      this.log('debug', `ffmpeg: ${line}`),
    );
  }

  get state(): SessionState {
    return this.currentState;
  }

  /**
   * What the camera sends; null until the session has been active. Read from the running
   * ingest, which learns more as frames arrive (an RTSP camera's frame rate, for one).
   */
  get media(): MediaInfo | null {
    return (this.currentState === 'active' ? this.ingest?.media : null) ?? this.mediaInfo;
  }

  /** While reconnecting: when the next attempt is due (wall-clock ms); null otherwise. */
  get nextAttemptAt(): number | null {
    return this.currentState === 'reconnecting' ? this.nextReconnectAt : null;
  }

  /** Why the session is reconnecting or closed, in words. */
  get lastError(): string | undefined {
    return this.lastErrorText;
  }

  stats(): SessionStats {
    const { fps, kbps } =
      this.currentState === 'active' ? this.publisher.rate.rates() : { fps: 0, kbps: 0 };
    const end = this.closedAt ?? Date.now();
    return {
      frames_in: this.publisher.framesIn,
      fps,
      bitrate_kbps: kbps,
      reconnects: this.reconnectCount,
      uptime_s: this.activeSince === null ? 0 : Math.round((end - this.activeSince) / 1000),
    };
  }

  /**
   * Resolves with the media info once `verifyFrames` frames came through within
   * `verifyTimeoutS`, in up to `verifyAttempts` attempts. Otherwise rejects with a
   * SessionOpenError and leaves nothing running (the session is then closed).
   */
  open(): Promise<MediaInfo> {
    this.opening ??= this.verify();
    return this.opening;
  }

  /**
   * Reads `url` (a source of the same kind) from the next reconnect on: the proxy layer
   * sends the session to the camera itself when the engine it read through has failed.
   */
  switchSource(url: string): void {
    const options = { ...this.options, url };
    this.connector = createSourceConnector(parseSourceUrl(url), options, (line) =>
      this.log('debug', `ffmpeg: ${line}`),
    );
  }

  /** Ends the ingest, every child process and the hub (subscribers see `reason`). */
  close(reason = 'session closed'): Promise<void> {
    this.closing ??= this.shutDown(reason);
    return this.closing;
  }

  private async verify(): Promise<MediaInfo> {
    const { verifyFrames, verifyTimeoutS } = this.options;
    const attempts = Math.max(1, this.options.verifyAttempts);
    for (let attempt = 1; ; attempt++) {
      this.throwIfClosing();
      try {
        const ingest = await this.connectAndCount(verifyFrames, verifyTimeoutS * 1000);
        const media = ingest.media;
        if (!media) {
          await ingest.stop();
          throw new SourceFailure('unreachable', 'frames arrived but their format is unknown');
        }
        this.mediaInfo = media;
        this.activeSince = Date.now();
        this.setState('active', `received ${verifyFrames} frames`);
        this.watch(ingest);
        return media;
      } catch (error) {
        this.throwIfClosing();
        const failure = asSourceFailure(error);
        this.log('warn', `open attempt ${attempt}/${attempts}: ${failure.kind}: ${failure.detail}`);
        if (isDefinitiveFailure(failure.kind) || attempt >= attempts) {
          throw await this.failOpen(failure, attempt);
        }
        await sleep(ATTEMPT_PAUSE_MS, this.lifetime.signal);
      }
    }
  }

  /** Closes the session after a failed open and returns the error for the caller. */
  private async failOpen(failure: SourceFailure, attempts: number): Promise<SessionOpenError> {
    const { verifyFrames, verifyTimeoutS } = this.options;
    const context = { maskedUrl: this.maskedUrl, verifyFrames, verifyTimeoutS, attempts };
    const message = describeSourceFailure(failure, context);
    const error = new SessionOpenError(failure.kind, message, failure.detail);
    this.lastErrorText = message;
    await this.close(`open failed: ${message}`);
    return error;
  }

  private throwIfClosing(): void {
    if (this.lifetime.signal.aborted) throw new SessionClosedError('session closed while opening');
  }

  /** One connection attempt: resolves with the running ingest once `frames` frames arrived. */
  private connectAndCount(frames: number, timeoutMs: number): Promise<Ingest> {
    const attempt = this.runAttempt(frames, timeoutMs);
    this.attemptInFlight = attempt.catch(() => undefined);
    return attempt;
  }

  private async runAttempt(requiredFrames: number, timeoutMs: number): Promise<Ingest> {
    const signal = this.lifetime.signal;
    const run: IngestRun = { answered: false, frames: 0, stale: false };
    let ingest: Ingest;
    try {
      ingest = await this.connector.connect(this.sinkFor(run), signal);
    } catch (error) {
      run.stale = true;
      throw error;
    }
    this.ingest = ingest;
    let timer: NodeJS.Timeout | undefined;
    let settle: (outcome: AttemptOutcome) => void = () => undefined;
    const onAbort = () => settle('closed');
    const outcome = await new Promise<AttemptOutcome>((resolve) => {
      settle = resolve;
      run.onFrames = () => run.frames >= requiredFrames && resolve('verified');
      run.onFrames();
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
      signal.addEventListener('abort', onAbort);
      if (signal.aborted) resolve('closed');
      void ingest.ended.then(resolve);
    });
    clearTimeout(timer);
    signal.removeEventListener('abort', onAbort);
    run.onFrames = undefined;
    if (outcome === 'verified') return ingest;

    run.stale = true;
    this.ingest = null;
    await ingest.stop();
    if (outcome === 'closed') throw new SessionClosedError('session closed');
    if (outcome === 'timeout') {
      const got = !run.answered
        ? `no answer within ${timeoutMs / 1000} s`
        : run.frames === 0
          ? 'no frame arrived'
          : `only ${run.frames} frames arrived`;
      throw new SourceFailure('timeout', got);
    }
    throw outcome.failure ?? new SourceFailure('unreachable', 'the stream ended');
  }

  private watch(ingest: Ingest): void {
    void ingest.ended.then((end) => {
      if (this.ingest !== ingest || this.currentState !== 'active') return;
      this.ingest = null;
      const reason = `camera lost: ${end.failure ? end.failure.detail : 'the stream ended'}`;
      this.lastErrorText = reason;
      this.reconnectCount++;
      this.publisher.rate.reset();
      this.setState('reconnecting', reason);
      void this.reconnect();
    });
  }

  private async reconnect(): Promise<void> {
    const initial = this.options.reconnectInitialDelayMs ?? 1000;
    const max = this.options.reconnectMaxDelayMs ?? 30_000;
    for (let attempt = 1; ; attempt++) {
      const delay = reconnectDelayMs(attempt, initial, max);
      this.nextReconnectAt = Date.now() + delay;
      if (!(await sleep(delay, this.lifetime.signal))) return;
      try {
        const ingest = await this.connectAndCount(1, this.options.verifyTimeoutS * 1000);
        this.mediaInfo = ingest.media ?? this.mediaInfo;
        this.setState(
          'active',
          `camera back after ${attempt} reconnect attempt${attempt === 1 ? '' : 's'}`,
        );
        this.watch(ingest);
        return;
      } catch (error) {
        if (this.lifetime.signal.aborted) return;
        const failure = asSourceFailure(error);
        this.lastErrorText = `reconnecting (attempt ${attempt}): ${failure.detail}`;
        this.log('warn', this.lastErrorText);
      }
    }
  }

  private async shutDown(reason: string): Promise<void> {
    if (this.currentState !== 'closed') this.setState('closing', reason);
    this.lifetime.abort();
    await this.attemptInFlight;
    const ingest = this.ingest;
    this.ingest = null;
    await ingest?.stop();
    this.hub.end(reason);
    this.closedAt = Date.now();
    this.setState('closed', reason);
    this.changes.complete();
  }

  private sinkFor(run: IngestRun): IngestSink {
    const counted = (frames: number) => {
      run.answered = true;
      run.frames += frames;
      run.onFrames?.();
    };
    return {
      init: (segment) => {
        run.answered = true;
        if (!run.stale) this.publisher.init(segment);
      },
      fragment: (segment) => {
        if (!run.stale) counted(this.publisher.fragment(segment));
      },
      jpeg: (frame, capturedAt) => {
        if (!run.stale) counted(this.publisher.jpeg(frame, capturedAt));
      },
    };
  }

  private setState(state: SessionState, reason: string): void {
    const previous = this.currentState;
    if (previous === state) return;
    this.currentState = state;
    const safeReason = maskCredentials(reason);
    this.log(state === 'reconnecting' ? 'warn' : 'info', `${previous} → ${state}: ${safeReason}`);
    this.changes.next({ state, previous, reason: safeReason, at: Date.now() });
  }

  private log(level: SessionLogLevel, message: string): void {
    this.options.logger?.({ level, session: this.id, message: maskCredentials(message) });
  }
}

function asSourceFailure(error: unknown): SourceFailure {
  if (error instanceof SourceFailure) return error;
  return new SourceFailure(
    'unreachable',
    maskCredentials(error instanceof Error ? error.message : String(error)),
  );
}
