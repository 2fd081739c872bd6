import { DestroyRef, Injectable, inject, signal } from '@angular/core';
import type { ExportInfo } from '@camrec/shared-types';
import { ApiClient } from '../api/api-client';
import { ApiRequestError, errorMessage } from '../api/api-error';
import { VideosStore } from '../recordings/videos-store';

/** How often an export being written is asked for its progress. */
const POLL_MS = 1000;

/**
 * The exports started in this page, newest first, with their progress: each is asked for
 * until it is done or failed, and a finished one is looked for in the library at once.
 */
@Injectable({ providedIn: 'root' })
export class ExportsStore {
  private readonly api = inject(ApiClient);
  private readonly videos = inject(VideosStore);
  private timer: ReturnType<typeof setTimeout> | null = null;

  readonly exports = signal<ExportInfo[]>([]);
  /** Why the last poll failed, if it did. */
  readonly error = signal<string | null>(null);

  constructor() {
    inject(DestroyRef).onDestroy(() => {
      if (this.timer) clearTimeout(this.timer);
    });
  }

  /** Asks the server to export a camera's footage between two instants (Unix ms). */
  async create(cameraId: string, startMs: number, endMs: number): Promise<ExportInfo> {
    const created = await this.api.createExport({
      camera_id: cameraId,
      start: new Date(startMs).toISOString(),
      end: new Date(endMs).toISOString(),
    });
    this.exports.update((list) => [created, ...list.filter((e) => e.id !== created.id)]);
    this.schedule();
    return created;
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.poll();
    }, POLL_MS);
  }

  private async poll(): Promise<void> {
    const pending = this.exports().filter((e) => e.state === 'pending' || e.state === 'writing');
    let finished = false;
    for (const item of pending) {
      try {
        const fresh = await this.api.exportInfo(item.id);
        finished ||= fresh.state === 'done';
        this.exports.update((list) => list.map((e) => (e.id === fresh.id ? fresh : e)));
        this.error.set(null);
      } catch (error) {
        // Deleted meanwhile (from the library): nothing more to wait for.
        if (error instanceof ApiRequestError && error.statusCode === 404) {
          this.exports.update((list) =>
            list.map((e) => (e.id === item.id ? { ...e, state: 'failed', error: 'deleted' } : e)),
          );
        } else {
          this.error.set(errorMessage(error));
        }
      }
    }
    if (finished) this.videos.refreshSoon();
    if (this.exports().some((e) => e.state === 'pending' || e.state === 'writing')) {
      this.schedule();
    }
  }
}
