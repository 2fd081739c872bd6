import { HttpException } from '@nestjs/common';
import { maskCredentials } from '@camrec/process';
import { reconnectDelayMs, resolveUrlTemplate, sleep } from '@camrec/media';
import type { CameraStream } from '@camrec/shared-types';
import type { Subscription } from 'rxjs';
import type { SessionEntry } from '../session/session-entry';
import type { SessionService } from '../session/session.service';

/** Longest wait between two attempts to open a camera that cannot be reached. */
export const MAX_RETRY_DELAY_MS = 30_000;

export interface StreamSpec {
  cameraId: string;
  stream: CameraStream;
  /** As saved: may name `${VARIABLE}`s of the environment. */
  urlTemplate: string;
  name: string;
  insecureTls: boolean;
}

export type StreamState = 'connecting' | 'online' | 'offline';

export interface StreamKeeperDeps {
  sessions: SessionService;
  env: Readonly<Record<string, string | undefined>>;
  /** Every change of state, with the reason in words (credentials masked). */
  onState: (state: StreamState, reason: string) => void;
  /** The stream has a (new) session. */
  onSession: (session: SessionEntry) => void;
  /** First delay between attempts (tests shorten it). */
  retryInitialDelayMs?: number;
}

/**
 * Keeps one stream of a saved camera open for as long as the camera is enabled: opens it,
 * tries again with growing delays (up to 30 s) while the camera cannot be reached, and opens
 * it again if its session ever closes. Once open, the session itself reconnects a camera that
 * drops; the keeper follows its state.
 */
export class StreamKeeper {
  private current: SessionEntry | null = null;
  private stateNow: StreamState = 'connecting';
  private error: string | null = null;
  private nextAttempt: number | null = null;
  private watching: Subscription | null = null;
  private readonly lifetime = new AbortController();
  private running: Promise<void> = Promise.resolve();

  constructor(
    readonly spec: StreamSpec,
    private readonly deps: StreamKeeperDeps,
  ) {}

  get session(): SessionEntry | null {
    return this.current;
  }

  get state(): StreamState {
    return this.stateNow;
  }

  get lastError(): string | null {
    return this.error;
  }

  /** When the next attempt to open is due, while the stream cannot be opened. */
  get nextAttemptAt(): number | null {
    return this.nextAttempt ?? this.current?.camera.nextAttemptAt ?? null;
  }

  /**
   * The first attempt, whose failure the caller wants to hear about (adding a camera verifies
   * it); the keeper keeps the session it opens.
   * @throws the open's HTTP error
   */
  async openOnce(): Promise<SessionEntry> {
    const { entry } = await this.deps.sessions
      .open(this.request(), this.owner())
      .catch((error: unknown) => {
        throw this.spec.stream === 'sub' ? aboutSubstream(error) : error;
      });
    this.watch(entry);
    return entry;
  }

  /** Keeps the stream open from now on (with the session `openOnce` opened, if any). */
  start(): void {
    if (!this.current) this.running = this.openUntilOpen();
  }

  /** Stops trying and closes the stream's session (its recordings are finalised first). */
  async stop(reason: string): Promise<void> {
    this.lifetime.abort();
    await this.running;
    this.watching?.unsubscribe();
    const session = this.current;
    this.current = null;
    if (session) await this.deps.sessions.close(session.id, reason).catch(() => undefined);
  }

  private async openUntilOpen(): Promise<void> {
    for (let attempt = 1; !this.lifetime.signal.aborted; attempt++) {
      try {
        this.nextAttempt = null;
        await this.openOnce();
        return;
      } catch (error) {
        if (this.lifetime.signal.aborted) return;
        const delay = reconnectDelayMs(attempt, this.deps.retryInitialDelayMs, MAX_RETRY_DELAY_MS);
        this.nextAttempt = Date.now() + delay;
        this.setState('offline', describe(error));
        await sleep(delay, this.lifetime.signal);
      }
    }
  }

  private watch(session: SessionEntry): void {
    this.current = session;
    this.watching?.unsubscribe();
    this.setState('online', 'the camera is open');
    this.deps.onSession(session);
    this.watching = session.camera.stateChanges.subscribe({
      next: (change) => {
        if (change.state === 'reconnecting') this.setState('offline', change.reason);
        else if (change.state === 'active') this.setState('online', change.reason);
      },
      // The session closed while the keeper still wants it (e.g. its camera failed for good):
      // open it again.
      complete: () => {
        if (this.current !== session || this.lifetime.signal.aborted) return;
        this.current = null;
        this.setState('offline', 'the session closed');
        this.running = this.openUntilOpen();
      },
    });
  }

  private request() {
    return {
      url: resolveUrlTemplate(this.spec.urlTemplate, this.deps.env),
      name: this.spec.stream === 'main' ? this.spec.name : `${this.spec.name} (substream)`,
      insecure_tls: this.spec.insecureTls,
    };
  }

  private owner() {
    return { cameraId: this.spec.cameraId, stream: this.spec.stream };
  }

  private setState(state: StreamState, reason: string): void {
    this.error = state === 'offline' ? reason : null;
    if (state === this.stateNow && state !== 'offline') return;
    this.stateNow = state;
    this.deps.onState(state, reason);
  }
}

/** The substream's failure says so, so that it can be told from the main stream's. */
function aboutSubstream(error: unknown): unknown {
  if (!(error instanceof HttpException)) return error;
  return new HttpException(`substream_url: ${describe(error)}`, error.getStatus());
}

function describe(error: unknown): string {
  const message =
    error instanceof HttpException
      ? String((error.getResponse() as { message?: unknown }).message ?? error.message)
      : error instanceof Error
        ? error.message
        : String(error);
  return maskCredentials(message);
}
