import { ChangeDetectionStrategy, Component, computed, inject, input, output } from '@angular/core';
import type { VideoItem } from '@camrec/shared-types';
import { videoUrl } from '../api/api-client';
import { CameraDialogs } from '../cameras/camera-dialogs';
import { CamerasStore } from '../cameras/cameras-store';
import { formatDateTime } from '../shared/format';
import { Icon } from '../shared/icon';
import { ModalDialog } from '../shared/modal-dialog';

/**
 * The integrated player: a modal dialog (shown while `video` is set) with a `<video>` reading
 * the file straight from `/videos/…`, so the browser seeks with Range requests. Escape or Close
 * ends it: `closed` asks the owner to clear `video`.
 */
@Component({
  selector: 'cr-video-player',
  imports: [Icon, ModalDialog],
  template: `
    @if (video(); as item) {
      <cr-modal-dialog #dialog size="player" labelledBy="player-title" (closed)="closed.emit()">
        <div class="head">
          <div class="titles">
            <h2 id="player-title">{{ title() }}</h2>
            <p>{{ date() }}</p>
          </div>
          @if (camera(); as saved) {
            <button
              type="button"
              class="btn btn-ghost btn-sm show-on-timeline"
              [title]="'Open the timeline of ' + saved.name + ' at this recording'"
              (click)="showOnTimeline(saved.id, item)"
            >
              <cr-icon name="clock" /> Show on timeline
            </button>
          }
          <a class="btn btn-ghost btn-sm" [href]="downloadUrl()" download>
            <cr-icon name="download" /> Download
          </a>
          <button
            type="button"
            class="btn btn-ghost btn-icon btn-sm"
            aria-label="Close the player"
            (click)="dialog.close()"
          >
            <cr-icon name="close" />
          </button>
        </div>
        <video
          class="video"
          controls
          autoplay
          playsinline
          preload="metadata"
          [src]="source()"
          [attr.aria-label]="'Recording ' + title()"
        ></video>
      </cr-modal-dialog>
    }
  `,
  styles: `
    .head {
      display: flex;
      align-items: center;
      gap: 6px;
      padding: 10px 10px 10px 18px;
    }
    .titles {
      flex: 1;
      min-width: 0;
    }
    h2 {
      font-size: 15px;
      font-weight: 650;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    p {
      font-size: 13px;
      color: var(--text-2);
    }
    .video {
      display: block;
      width: 100%;
      max-height: calc(100vh - 110px);
      background: #000;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class VideoPlayer {
  private readonly cameras = inject(CamerasStore);
  private readonly dialogs = inject(CameraDialogs);

  readonly video = input<VideoItem | null>(null);
  readonly title = input('');
  readonly closed = output<void>();

  protected readonly source = computed(() => {
    const video = this.video();
    return video ? videoUrl(video.filename) : '';
  });
  protected readonly downloadUrl = computed(() => {
    const video = this.video();
    return video ? videoUrl(video.filename, true) : '';
  });
  /** The saved camera it was recorded from: its timeline can open at the recording. */
  protected readonly camera = computed(() => {
    const id = this.video()?.camera_id;
    return id ? this.cameras.byId(id) : null;
  });
  protected readonly date = computed(() => {
    const video = this.video();
    return video ? formatDateTime(video.created_at) : '';
  });

  /** Closes the player and opens the camera's timeline at the recording's start, paused. */
  protected showOnTimeline(cameraId: string, video: VideoItem): void {
    this.closed.emit();
    this.dialogs.showOnTimeline(cameraId, Date.parse(video.created_at));
  }
}
