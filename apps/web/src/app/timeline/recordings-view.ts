import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { CameraDialogs } from '../cameras/camera-dialogs';
import { CamerasStore } from '../cameras/cameras-store';
import { Icon } from '../shared/icon';
import { ModalDialog } from '../shared/modal-dialog';
import { PlaybackController } from './playback/playback-controller';
import { PlaybackPane } from './playback-pane';
import type { TimelineCamera } from './timeline';
import { TimelineWorkspace } from './timeline-workspace';

/**
 * The recorded footage of every saved camera, played in sync on one timeline (a lane per
 * camera): a click plays them all from that instant. Live, Escape or Close goes back to the
 * live grid.
 */
@Component({
  selector: 'cr-recordings-view',
  imports: [Icon, ModalDialog, PlaybackPane, TimelineWorkspace],
  providers: [PlaybackController],
  template: `
    <cr-modal-dialog
      #dialog
      size="full"
      labelledBy="recordings-title"
      (closed)="dialogs.recordings.set(false)"
    >
      <div class="view" (keydown)="workspace.handleKey($event)">
        <div class="head">
          <h2 id="recordings-title">Recordings</h2>
          <span class="badge">{{ countText() }}</span>
          <span class="hint" aria-hidden="true">Esc to close</span>
          <button
            type="button"
            class="btn btn-sm close"
            autofocus
            aria-label="Close the recordings"
            (click)="dialog.close()"
          >
            <cr-icon name="close" /> Close
          </button>
        </div>
        <div class="grid" [style.--columns]="columns()">
          @if (playback.active()) {
            @for (camera of cameras(); track camera.id) {
              <cr-playback-pane [camera]="camera" />
            }
          } @else {
            <div class="waiting">
              <strong>Pick a moment</strong>
              <span>Click the timeline below: every camera plays from that instant, in sync.</span>
            </div>
          }
        </div>
        <cr-timeline-workspace #workspace [cameras]="cameras()" (live)="dialog.close()" />
      </div>
    </cr-modal-dialog>
  `,
  styles: `
    .view {
      display: flex;
      flex-direction: column;
      height: 100vh;
    }
    .head {
      display: flex;
      align-items: center;
      gap: 12px;
      padding: 10px 14px 10px 20px;
    }
    h2 {
      font-size: 16px;
      font-weight: 650;
    }
    .badge {
      padding: 2px 9px;
      border-radius: 999px;
      background: rgb(255 255 255 / 12%);
      font-size: 12px;
      font-weight: 600;
    }
    .hint {
      margin-left: auto;
      font-size: 12.5px;
      color: #9aa3af;
    }
    .close {
      border-color: rgb(255 255 255 / 25%);
      background: rgb(255 255 255 / 8%);
      color: #fff;
    }
    .grid {
      flex: 1;
      min-height: 0;
      display: grid;
      grid-template-columns: repeat(var(--columns), minmax(0, 1fr));
      grid-auto-rows: minmax(0, 1fr);
      gap: 4px;
      padding: 0 4px;
    }
    .waiting {
      grid-column: 1 / -1;
      display: flex;
      flex-direction: column;
      align-items: center;
      justify-content: center;
      gap: 6px;
      color: #b9c0ca;
      text-align: center;
    }
    .waiting strong {
      color: #e7e9ed;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RecordingsView {
  private readonly store = inject(CamerasStore);
  protected readonly dialogs = inject(CameraDialogs);
  protected readonly playback = inject(PlaybackController);

  /** Every saved camera; a rename or a new camera does not restart anything else. */
  protected readonly cameras = computed<TimelineCamera[]>(
    () => this.store.cameras().map((camera) => ({ id: camera.id, name: camera.name })),
    {
      equal: (a, b) =>
        a.length === b.length && a.every((c, i) => c.id === b[i].id && c.name === b[i].name),
    },
  );
  protected readonly columns = computed(() =>
    Math.max(1, Math.ceil(Math.sqrt(this.cameras().length))),
  );
  protected readonly countText = computed(() => {
    const count = this.cameras().length;
    return count === 1 ? '1 camera' : `${count} cameras in sync`;
  });
}
