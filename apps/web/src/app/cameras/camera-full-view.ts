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
import { Icon } from '../shared/icon';
import { ModalDialog } from '../shared/modal-dialog';
import { PlaybackController } from '../timeline/playback/playback-controller';
import { PlaybackPane } from '../timeline/playback-pane';
import { TimelineWorkspace } from '../timeline/timeline-workspace';
import { CameraDialogs } from './camera-dialogs';
import { stateBadge } from './camera-status';

/**
 * One camera over the whole window: live on its main stream, and its timeline under it — a
 * click there plays the recorded footage of that moment, Live goes back. Escape or Close ends it.
 */
@Component({
  selector: 'cr-camera-full-view',
  imports: [Icon, LiveStream, ModalDialog, PlaybackPane, TimelineWorkspace],
  providers: [PlaybackController],
  template: `
    <cr-modal-dialog
      #dialog
      size="full"
      labelledBy="full-view-title"
      (closed)="dialogs.closeFullView()"
    >
      <div class="view" (keydown)="workspace.handleKey($event)">
        <div class="head">
          <h2 id="full-view-title">{{ camera().name }}</h2>
          <span class="badge">{{ playback.active() ? 'Playback' : badge().label }}</span>
          <span class="hint" aria-hidden="true">Esc to close</span>
          <button
            type="button"
            class="btn btn-sm close"
            autofocus
            [attr.aria-label]="'Close the full-screen view of ' + camera().name"
            (click)="dialog.close()"
          >
            <cr-icon name="close" /> Close
          </button>
        </div>
        <div class="stage">
          @if (playback.active()) {
            <cr-playback-pane [camera]="timelineCamera()" [showName]="false" />
          } @else {
            @for (session of mainSession(); track session.session_id) {
              <cr-live-stream [session]="session" [fill]="true" />
            } @empty {
              <div class="waiting">
                <strong>{{ badge().label }}</strong>
                @if (badge().detail; as detail) {
                  <span>{{ detail }}</span>
                }
                <span>Click the timeline below to play a recorded moment.</span>
              </div>
            }
          }
        </div>
        <cr-timeline-workspace #workspace [cameras]="lanes()" [focusMs]="focusMs" />
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
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    .badge {
      padding: 2px 9px;
      border-radius: 999px;
      background: rgb(255 255 255 / 12%);
      font-size: 12px;
      font-weight: 600;
      white-space: nowrap;
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
    .close:hover {
      background: rgb(255 255 255 / 16%);
    }
    .stage {
      flex: 1;
      min-height: 0;
    }
    cr-playback-pane {
      height: 100%;
    }
    .waiting {
      display: flex;
      flex-direction: column;
      align-items: center;
      justify-content: center;
      gap: 6px;
      height: 100%;
      color: #b9c0ca;
      text-align: center;
    }
    .waiting strong {
      color: #e7e9ed;
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
