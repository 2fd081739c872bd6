import { DestroyRef, Injectable, computed, inject, signal } from '@angular/core';
import type { RecordingStatus } from '@camrec/shared-types';
import { ApiClient } from '../api/api-client';
import { errorMessage } from '../api/api-error';
import { VideosStore } from '../recordings/videos-store';

const POLL_MS = 1000;

/**
 * The recording state of one session (one per tile): starts and stops recordings, follows
 * `/record/status` while one runs, and refreshes the library when it ends.
 */
@Injectable()
export class RecordingTracker {
  private readonly api = inject(ApiClient);
  private readonly videos = inject(VideosStore);
  private sessionId: string | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private destroyed = false;

  readonly status = signal<RecordingStatus | null>(null);
  readonly busy = signal<'starting' | 'stopping' | null>(null);
  readonly error = signal<string | null>(null);
  /** The last file this tile saved, for a short confirmation. */
  readonly saved = signal<string | null>(null);
  readonly recording = computed(() => {
    const state = this.status()?.state;
    return state === 'recording' || state === 'finalizing';
  });

  constructor() {
    inject(DestroyRef).onDestroy(() => {
      this.destroyed = true;
      if (this.timer) clearTimeout(this.timer);
    });
  }

  /** Follows the session; `recordingNow` comes from the session list (another tab may record). */
  follow(sessionId: string, recordingNow: boolean): void {
    const changed = this.sessionId !== sessionId;
    this.sessionId = sessionId;
    if ((changed || recordingNow) && !this.recording() && !this.timer && !this.busy()) {
      void this.poll();
    }
  }

  async start(durationS: number | null): Promise<void> {
    if (!this.sessionId || this.busy()) return;
    this.busy.set('starting');
    this.error.set(null);
    this.saved.set(null);
    try {
      const started = await this.api.startRecording(this.sessionId, durationS);
      this.status.set({
        state: 'recording',
        filename: started.filename,
        elapsed_s: 0,
        duration: started.duration,
        bytes: 0,
        behind_s: 0,
      });
      this.schedule();
    } catch (error) {
      this.error.set(errorMessage(error));
    } finally {
      this.busy.set(null);
    }
  }

  async stop(): Promise<void> {
    if (!this.sessionId || this.busy()) return;
    this.busy.set('stopping');
    this.error.set(null);
    try {
      const stopped = await this.api.stopRecording(this.sessionId);
      this.cancelPoll();
      this.status.update(
        (status) => status && { ...status, state: 'stopped', elapsed_s: stopped.duration_s },
      );
      this.saved.set(stopped.filename);
      this.videos.refreshSoon();
    } catch (error) {
      // It may have ended by itself meanwhile: the status says how.
      this.error.set(errorMessage(error));
      void this.poll();
    } finally {
      this.busy.set(null);
    }
  }

  private async poll(): Promise<void> {
    this.timer = null;
    if (!this.sessionId || this.destroyed) return;
    const wasRecording = this.recording();
    try {
      const status = await this.api.recordingStatus(this.sessionId);
      if (this.destroyed || this.busy() === 'stopping') return;
      this.status.set(status);
      if (this.recording()) {
        this.schedule();
      } else if (wasRecording) {
        this.ended(status);
      }
    } catch {
      if (wasRecording) this.schedule(POLL_MS * 2);
    }
  }

  private ended(status: RecordingStatus): void {
    if (status.state === 'failed') {
      this.error.set(status.error ?? 'The recording failed.');
    } else {
      this.saved.set(status.filename);
    }
    this.videos.refreshSoon();
  }

  private schedule(delay = POLL_MS): void {
    this.cancelPoll();
    if (!this.destroyed) this.timer = setTimeout(() => void this.poll(), delay);
  }

  private cancelPoll(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
