import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import type { VideoItem } from '@camrec/shared-types';
import { CamerasStore } from '../cameras/cameras-store';
import { SessionNames } from '../live/session-names';
import { formatBytes, formatDateTime } from '../shared/format';
import { HealthStore } from '../shell/health-store';
import { Icon } from '../shared/icon';
import { VideoCard } from './video-card';
import { VideoPlayer } from './video-player';
import { videoTitle } from './video-title';
import { VideosStore } from './videos-store';

/** Recorded videos as cards, with the integrated player and an empty state. */
@Component({
  selector: 'cr-video-library',
  imports: [Icon, VideoCard, VideoPlayer],
  template: `
    <section aria-labelledby="library-title">
      <div class="section-head">
        <h2 id="library-title">Recordings</h2>
        @if (store.loaded()) {
          <span class="count">{{ summary() }}</span>
        }
        <label class="motion-only">
          <input
            type="checkbox"
            [checked]="motionOnly()"
            (change)="motionOnly.set($any($event.target).checked)"
          />
          Motion only
        </label>
        <button
          type="button"
          class="btn btn-ghost btn-icon btn-sm refresh"
          aria-label="Refresh recordings"
          title="Refresh"
          (click)="store.refresh()"
        >
          <cr-icon name="refresh" />
        </button>
      </div>
      @if (space(); as text) {
        <p class="space">{{ text }}</p>
      }
      @if (retentionNote(); as note) {
        <p class="space retention">{{ note }}</p>
      }
      @if (store.error(); as error) {
        <p class="section-error" role="alert">The recordings could not be loaded. {{ error }}</p>
      }
      @if (shown().length) {
        <ul class="grid" role="list">
          @for (video of shown(); track video.filename) {
            <li>
              <cr-video-card [video]="video" [title]="titleOf(video)" (play)="playing.set(video)" />
            </li>
          }
        </ul>
      } @else if (store.loaded() && !store.error()) {
        <div class="empty">
          <span class="empty-icon"><cr-icon name="film" /></span>
          <strong>No recordings yet</strong>
          <p>
            Open a camera, pick a length and press Record. Finished clips appear here to play,
            download or delete.
          </p>
        </div>
      }
    </section>
    <cr-video-player
      [video]="playing()"
      [title]="playing() ? titleOf(playing()!) : ''"
      (closed)="playing.set(null)"
    />
  `,
  styles: `
    .motion-only {
      margin-left: auto;
      display: inline-flex;
      gap: 4px;
      align-items: center;
      font-size: 13px;
    }
    .space {
      margin: 0 0 12px;
      font-size: 13px;
      color: var(--muted);
    }
    .grid {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(min(100%, 240px), 1fr));
      gap: 16px;
      margin: 0;
      padding: 0;
      list-style: none;
    }
    li {
      display: flex;
      min-width: 0;
    }
    cr-video-card {
      flex: 1;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class VideoLibrary {
  protected readonly store = inject(VideosStore);
  private readonly names = inject(SessionNames);
  private readonly cameras = inject(CamerasStore);
  private readonly health = inject(HealthStore);
  protected readonly playing = signal<VideoItem | null>(null);
  protected readonly motionOnly = signal(false);
  protected readonly shown = computed(() =>
    this.motionOnly()
      ? this.store.videos().filter((video) => video.trigger === 'motion')
      : this.store.videos(),
  );
  protected readonly summary = computed(() => {
    const videos = this.store.videos();
    if (!videos.length) return '0';
    const total = videos.reduce((sum, video) => sum + video.size_bytes, 0);
    return `${videos.length} · ${formatBytes(total)}`;
  });

  /** Used space from the list, free space of the videos folder's disk from /health. */
  protected readonly space = computed(() => {
    const used = this.store.videos().reduce((sum, video) => sum + video.size_bytes, 0);
    const free = this.health.health()?.retention.free_bytes;
    return `${formatBytes(used)} used${free == null ? '' : ` · ${formatBytes(free)} free`}`;
  });

  /** What retention deleted since the server started (from /health): vanished videos explained. */
  protected readonly retentionNote = computed(() => {
    const [latest, ...older] = this.health.health()?.retention.recent_deletions ?? [];
    if (!latest) return null;
    const count = older.length ? `${older.length + 1} videos` : '1 video';
    return `Retention deleted ${count}; the latest, ${latest.filename}, at ${formatDateTime(latest.deleted_at)}: ${latest.reason}`;
  });

  /** The saved camera's name when it has one, else the session's (or its id). */
  protected titleOf(video: VideoItem): string {
    const camera = video.camera_id ? this.cameras.byId(video.camera_id) : null;
    return camera?.name ?? videoTitle(video, (id) => this.names.nameOf(id));
  }
}
