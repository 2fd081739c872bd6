import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { CameraDialogs } from '../cameras/camera-dialogs';
import { Icon } from '../shared/icon';
import { OpenSessionForm } from './open-session-form';
import { SessionTile } from './session-tile';
import { SessionsStore } from './sessions-store';

/**
 * The original way in, kept second: open a pasted URL for a look, nothing saved. Each such
 * session has its tile here (with "Save as camera"); a saved camera's sessions do not.
 */
@Component({
  selector: 'cr-unsaved-sessions-section',
  imports: [Icon, OpenSessionForm, SessionTile],
  template: `
    <section class="unsaved" aria-labelledby="unsaved-title">
      <div class="section-head">
        <h2 id="unsaved-title">Open a URL once, without saving</h2>
        @if (store.loaded() && shown().length) {
          <span class="count">{{ shown().length }}</span>
        }
      </div>
      <cr-open-session-form />
      @if (shown().length) {
        <div class="tile-grid">
          @for (session of shown(); track session.session_id) {
            <cr-session-tile [session]="session" />
          }
        </div>
      } @else if (store.loaded()) {
        <div class="empty">
          <span class="empty-icon"><cr-icon name="camera" /></span>
          <strong>No camera open from a URL</strong>
          <p>
            Paste an RTSP or MJPEG camera URL above and press Open to watch it now. It is not kept
            after the server restarts: use “Save as camera” on its tile to keep it.
          </p>
        </div>
      }
    </section>
  `,
  styles: `
    .unsaved {
      display: flex;
      flex-direction: column;
      gap: 14px;
    }
    .section-head {
      margin: 0;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class UnsavedSessionsSection {
  protected readonly store = inject(SessionsStore);
  private readonly dialogs = inject(CameraDialogs);

  /** The add form's preview plays in the form only: one player per session is enough. */
  protected readonly shown = computed(() =>
    this.store.unsaved().filter((session) => session.session_id !== this.dialogs.previewing()),
  );
}
