import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  input,
  untracked,
} from '@angular/core';
import type { CameraInfo } from '@camrec/shared-types';
import { LiveStream } from '../live/live-stream';
import { SessionsStore } from '../live/sessions-store';
import { FullScreenView } from '../shared/full-screen-view';
import { PlaybackController } from '../timeline/playback/playback-controller';
import { PlaybackPane } from '../timeline/playback-pane';
import { TimelineWorkspace } from '../timeline/timeline-workspace';
import { CameraDialogs } from './camera-dialogs';
import { stateBadge } from './camera-status';
import { PtzControls } from './ptz/ptz-controls';

/**
 * One camera over the whole window: live on its main stream (with pan, tilt and zoom over it
 * when its ONVIF device has them), and its timeline under it — a click there plays the
 * recorded footage of that moment, Live goes back. Escape or Close ends it.
 */
@Component({
  selector: 'cr-camera-full-view',
  imports: [FullScreenView, LiveStream, PlaybackPane, PtzControls, TimelineWorkspace],
  providers: [PlaybackController],
  template: `
    <cr-full-screen-view
      titleId="full-view-title"
      [heading]="camera().name"
      [badge]="playback.active() ? 'Playback' : badge().label"
      [closeLabel]="'Close the full-screen view of ' + camera().name"
      (closed)="dialogs.closeFullView()"
      (keydown)="workspace.handleKey($event)"
    >
      <div class="stage">
        @if (playback.active()) {
          <cr-playback-pane [camera]="timelineCamera()" [showName]="false" />
        } @else {
          @for (session of mainSession(); track session.session_id) {
            <cr-live-stream [session]="session" [fill]="true" />
          } @empty {
            <div class="media-message">
              <strong>{{ badge().label }}</strong>
              @if (badge().detail; as detail) {
                <span>{{ detail }}</span>
              }
              <span>Click the timeline below to play a recorded moment.</span>
            </div>
          }
          <cr-ptz-controls [cameraId]="camera().id" [onvifAddress]="camera().onvif_address" />
        }
      </div>
      <cr-timeline-workspace #workspace [cameras]="lanes()" [focusMs]="focusMs" />
    </cr-full-screen-view>
  `,
  styles: `
    .stage {
      position: relative;
      flex: 1;
      min-height: 0;
    }
    cr-ptz-controls {
      position: absolute;
      right: 16px;
      bottom: 16px;
    }
    cr-playback-pane,
    .media-message {
      height: 100%;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { '[attr.data-camera-id]': 'camera().id' },
})
export class CameraFullView {
  private readonly sessions = inject(SessionsStore);
  protected readonly dialogs = inject(CameraDialogs);
  protected readonly playback = inject(PlaybackController);

  readonly camera = input.required<CameraInfo>();

  /** Where "Show on timeline" asked to open, read once. */
  protected readonly focusMs = untracked(() => this.dialogs.fullViewAt());
  /** One lane; the name follows a rename while shown. */
  protected readonly timelineCamera = computed(
    () => ({ id: this.camera().id, name: this.camera().name }),
    { equal: (a, b) => a.id === b.id && a.name === b.name },
  );
  protected readonly lanes = computed(() => [this.timelineCamera()]);

  /** The main stream, whatever the grid plays; a new session gets a new player. */
  protected readonly mainSession = computed(() => {
    const session = this.sessions.byId(this.camera().status.session_id);
    return session ? [session] : [];
  });
  protected readonly badge = computed(() => stateBadge(this.camera()));
}
