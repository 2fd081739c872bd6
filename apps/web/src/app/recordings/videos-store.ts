import { DestroyRef, Injectable, inject, signal } from '@angular/core';
import type { VideoItem } from '@camrec/shared-types';
import { ApiClient } from '../api/api-client';
import { errorMessage } from '../api/api-error';
import { startPolling } from '../shared/polling';

/** The recordings on the server, newest first. */
@Injectable({ providedIn: 'root' })
export class VideosStore {
  private readonly api = inject(ApiClient);
  private readonly destroyRef = inject(DestroyRef);
  private stopPolling: (() => void) | null = null;

  readonly videos = signal<VideoItem[]>([]);
  readonly loaded = signal(false);
  readonly error = signal<string | null>(null);

  /** Events refresh the list at once; the poll catches recordings finished elsewhere. */
  startPolling(intervalMs = 10_000): void {
    this.stopPolling ??= startPolling(() => this.refresh(), intervalMs, this.destroyRef);
  }

  async refresh(): Promise<void> {
    try {
      const { videos } = await this.api.listVideos();
      this.videos.set(videos);
      this.error.set(null);
    } catch (error) {
      this.error.set(errorMessage(error));
    } finally {
      this.loaded.set(true);
    }
  }

  /** Refreshes now and once more shortly after, for a file the server is still finalising. */
  refreshSoon(): void {
    void this.refresh();
    setTimeout(() => void this.refresh(), 2500);
  }

  async setKept(filename: string, keep: boolean): Promise<void> {
    const updated = await this.api.setVideoKept(filename, keep);
    this.videos.update((videos) => videos.map((v) => (v.filename === filename ? updated : v)));
  }

  async remove(filename: string): Promise<void> {
    await this.api.deleteVideo(filename);
    this.videos.update((videos) => videos.filter((video) => video.filename !== filename));
    void this.refresh();
  }
}
