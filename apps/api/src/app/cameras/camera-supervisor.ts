import type { Logger } from '@nestjs/common';
import type { CameraRow, OfflinePeriodStore } from '@camrec/catalog';
import type { CameraState, CameraStatus, CameraStream } from '@camrec/shared-types';
import type { SessionEntry } from '../session/session-entry';
import type { SessionService } from '../session/session.service';
import { StreamKeeper, type StreamState } from './stream-keeper';

/** What a supervisor needs of a saved camera. */
export type CameraSpec = Pick<CameraRow, 'id' | 'name' | 'url' | 'substream_url' | 'insecure_tls'>;

export interface CameraSupervisorDeps {
  sessions: SessionService;
  offlinePeriods: OfflinePeriodStore;
  env: Readonly<Record<string, string | undefined>>;
  logger: Logger;
  /** A stream of the camera has a (new) session: motion analysis and recording attach to it. */
  onSession: (stream: CameraStream, session: SessionEntry) => void;
  /** The main stream went online or offline (the camera's state), with the reason in words. */
  onState: (state: 'online' | 'offline', reason: string) => void;
  retryInitialDelayMs?: number;
}

/**
 * An enabled saved camera at work: its main stream (and substream) kept open, and the times
 * the main stream could not be reached written down as offline periods.
 */
export class CameraSupervisor {
  readonly main: StreamKeeper;
  readonly sub: StreamKeeper | null;
  private offlineSince: number | null = null;
  private offlinePeriod: Promise<number | null> | null = null;
  /** Writes of offline periods, one after the other. */
  private writes: Promise<unknown> = Promise.resolve();

  constructor(
    readonly camera: CameraSpec,
    private readonly deps: CameraSupervisorDeps,
  ) {
    const common = {
      cameraId: camera.id,
      name: camera.name,
      insecureTls: camera.insecure_tls,
    };
    const keeperDeps = {
      sessions: deps.sessions,
      env: deps.env,
      retryInitialDelayMs: deps.retryInitialDelayMs,
    };
    this.main = new StreamKeeper(
      { ...common, stream: 'main', urlTemplate: camera.url },
      {
        ...keeperDeps,
        onState: (state, reason) => this.mainChanged(state, reason),
        onSession: (session) => deps.onSession('main', session),
      },
    );
    this.sub = camera.substream_url
      ? new StreamKeeper(
          { ...common, stream: 'sub', urlTemplate: camera.substream_url },
          {
            ...keeperDeps,
            onSession: (session) => deps.onSession('sub', session),
            onState: (state, reason) =>
              state === 'offline' && deps.logger.warn(`camera ${camera.id} substream: ${reason}`),
          },
        )
      : null;
  }

  /** Opens both streams once, failing with the first error (adding a camera verifies it). */
  async verify(): Promise<void> {
    await Promise.all([this.main.openOnce(), this.sub?.openOnce()]);
  }

  start(): void {
    this.main.start();
    this.sub?.start();
  }

  /** Closes the camera's sessions; an offline period going on ends now. */
  async stop(reason: string): Promise<void> {
    await Promise.all([this.main.stop(reason), this.sub?.stop(reason)]);
    this.endOffline();
    await this.writes;
  }

  /** With the continuous recording's state: writing a segment (how far behind), or why not. */
  status(recording: { active: boolean; behindS: number; error: string | null }): CameraStatus {
    const state: CameraState = this.main.state;
    return {
      state,
      session_id: this.main.session?.id ?? null,
      substream_session_id: this.sub?.session?.id ?? null,
      offline_since: this.offlineSince === null ? null : new Date(this.offlineSince).toISOString(),
      last_error: this.main.lastError,
      next_attempt_at:
        this.main.nextAttemptAt === null ? null : new Date(this.main.nextAttemptAt).toISOString(),
      substream_error: this.sub?.lastError ?? null,
      recording: recording.active,
      recording_behind_s: recording.behindS,
      recording_error: recording.error,
    };
  }

  private mainChanged(state: StreamState, reason: string): void {
    const id = this.camera.id;
    if (state === 'online' || (state === 'offline' && this.offlineSince === null)) {
      this.deps.onState(state, reason);
    }
    if (state === 'offline' && this.offlineSince === null) {
      this.offlineSince = Date.now();
      this.deps.logger.warn(`camera ${id} is offline: ${reason}`);
      const startedAt = this.offlineSince;
      this.offlinePeriod = this.write(() =>
        this.deps.offlinePeriods.open(id, startedAt, reason.slice(0, 500)),
      );
    } else if (state === 'online') {
      if (this.offlineSince !== null) this.deps.logger.log(`camera ${id} is back online`);
      this.endOffline();
    }
  }

  private endOffline(): void {
    const period = this.offlinePeriod;
    if (this.offlineSince === null || !period) return;
    this.offlineSince = null;
    this.offlinePeriod = null;
    const endedAt = Date.now();
    void this.write(async () => {
      const id = await period;
      if (id !== null) await this.deps.offlinePeriods.close(id, endedAt);
    });
  }

  /** Runs index writes in order; a failed one is logged and does not stop the others. */
  private write<T>(work: () => Promise<T>): Promise<T | null> {
    const next = this.writes.then(work).catch((error: Error) => {
      this.deps.logger.error(`camera ${this.camera.id}: offline period: ${error.message}`);
      return null;
    });
    this.writes = next;
    return next;
  }
}
