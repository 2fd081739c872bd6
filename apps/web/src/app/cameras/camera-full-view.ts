import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import type { CameraInfo } from '@camrec/shared-types';
import { LiveStream } from '../live/live-stream';
import { SessionsStore } from '../live/sessions-store';
import { Icon } from '../shared/icon';
import { ModalDialog } from '../shared/modal-dialog';
import { CameraDialogs } from './camera-dialogs';
import { stateBadge } from './camera-status';

/** One camera over the whole window, on its main stream. Escape or Close ends it. */
@Component({
  selector: 'cr-camera-full-view',
  imports: [Icon, LiveStream, ModalDialog],
  template: `
    <cr-modal-dialog
      #dialog
      size="full"
      labelledBy="full-view-title"
      (closed)="dialogs.fullView.set(null)"
    >
      <div class="view">
        <div class="head">
          <h2 id="full-view-title">{{ camera().name }}</h2>
          <span class="badge">{{ badge().label }}</span>
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
          @for (session of mainSession(); track session.session_id) {
            <cr-live-stream [session]="session" [fill]="true" />
          } @empty {
            <div class="waiting">
              <strong>{{ badge().label }}</strong>
              @if (badge().detail; as detail) {
                <span>{{ detail }}</span>
              }
            </div>
          }
        </div>
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

  readonly camera = input.required<CameraInfo>();

  /** The main stream, whatever the grid plays; a new session gets a new player. */
  protected readonly mainSession = computed(() => {
    const session = this.sessions.byId(this.camera().status.session_id);
    return session ? [session] : [];
  });
  protected readonly badge = computed(() => stateBadge(this.camera()));
}
