import { Injectable, inject, signal } from '@angular/core';
import type { VideoItem } from '@camrec/shared-types';
import { ApiClient } from '../api/api-client';
import { PolledStore } from '../shared/polled-store';

/** The recordings on the server, newest first. */
@Injectable({ providedIn: 'root' })
export class VideosStore extends PolledStore {
  private readonly api = inject(ApiClient);

  readonly videos = signal<VideoItem[]>([]);

  /** Events refresh the list at once; the poll catches recordings finished elsewhere. */
  protected readonly pollMs = 10_000;

  protected async load(): Promise<void> {
    const { videos } = await this.api.listVideos();
    this.videos.set(videos);
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
