import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { CameraDialogs } from '../cameras/camera-dialogs';
import { CamerasStore } from '../cameras/cameras-store';
import { FullScreenView } from '../shared/full-screen-view';
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
  imports: [FullScreenView, PlaybackPane, TimelineWorkspace],
  providers: [PlaybackController],
  template: `
    <cr-full-screen-view
      #view
      titleId="recordings-title"
      heading="Recordings"
      [badge]="countText()"
      closeLabel="Close the recordings"
      (closed)="dialogs.recordings.set(false)"
      (keydown)="workspace.handleKey($event)"
    >
      <div class="grid" [style.--columns]="columns()">
        @if (playback.active()) {
          @for (camera of cameras(); track camera.id) {
            <cr-playback-pane [camera]="camera" />
          }
        } @else {
          <div class="media-message">
            <strong>Pick a moment</strong>
            <span>Click the timeline below: every camera plays from that instant, in sync.</span>
          </div>
        }
      </div>
      <cr-timeline-workspace #workspace [cameras]="cameras()" (live)="view.close()" />
    </cr-full-screen-view>
  `,
  styles: `
    .grid {
      flex: 1;
      min-height: 0;
      display: grid;
      grid-template-columns: repeat(var(--columns), minmax(0, 1fr));
      grid-auto-rows: minmax(0, 1fr);
      gap: 4px;
      padding: 0 4px;
    }
    .media-message {
      grid-column: 1 / -1;
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
