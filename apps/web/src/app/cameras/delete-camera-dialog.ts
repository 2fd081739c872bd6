import {
  ChangeDetectionStrategy,
  Component,
  inject,
  input,
  signal,
  viewChild,
} from '@angular/core';
import type { CameraInfo } from '@camrec/shared-types';
import { errorMessage } from '../api/api-error';
import { Icon } from '../shared/icon';
import { ModalDialog } from '../shared/modal-dialog';
import { CameraDialogs } from './camera-dialogs';
import { CamerasStore } from './cameras-store';

/** "Delete this camera?", with its recordings or without. */
@Component({
  selector: 'cr-delete-camera-dialog',
  imports: [Icon, ModalDialog],
  template: `
    <cr-modal-dialog
      size="small"
      labelledBy="delete-camera-title"
      describedBy="delete-camera-text"
      (closed)="dialogs.deleting.set(null)"
    >
      <form class="body" (submit)="$event.preventDefault(); remove()">
        <h2 id="delete-camera-title">Delete “{{ camera().name }}”?</h2>
        <p id="delete-camera-text">
          The recorder stops watching and recording it. Its recordings stay in the library unless
          you delete them too.
        </p>
        <label class="check">
          <input
            type="checkbox"
            [checked]="withRecordings()"
            (change)="withRecordings.set($any($event.target).checked)"
          />
          Also delete its recordings
        </label>
        @if (error(); as message) {
          <p class="error" role="alert"><cr-icon name="alert" /> {{ message }}</p>
        }
        <div class="foot">
          <button type="button" class="btn" autofocus (click)="dialog().close()">Cancel</button>
          <button type="submit" class="btn btn-danger" [disabled]="deleting()">
            @if (deleting()) {
              <span class="spinner" aria-hidden="true"></span>
            } @else {
              <cr-icon name="trash" />
            }
            Delete
          </button>
        </div>
      </form>
    </cr-modal-dialog>
  `,
  styles: `
    .body {
      display: flex;
      flex-direction: column;
      gap: 12px;
      padding: 18px 20px;
    }
    h2 {
      font-size: 17px;
      font-weight: 650;
    }
    p {
      font-size: 14px;
      color: var(--text-2);
    }
    .error {
      display: flex;
      gap: 8px;
      color: var(--danger);
      font-weight: 500;
    }
    .foot {
      display: flex;
      justify-content: flex-end;
      gap: 8px;
      padding-top: 4px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DeleteCameraDialog {
  private readonly store = inject(CamerasStore);
  protected readonly dialogs = inject(CameraDialogs);

  readonly camera = input.required<CameraInfo>();

  protected readonly dialog = viewChild.required(ModalDialog);
  protected readonly withRecordings = signal(false);
  protected readonly deleting = signal(false);
  protected readonly error = signal<string | null>(null);

  protected async remove(): Promise<void> {
    if (this.deleting()) return;
    this.deleting.set(true);
    this.error.set(null);
    try {
      await this.store.remove(this.camera().id, this.withRecordings());
      this.dialog().close();
    } catch (error) {
      this.error.set(errorMessage(error));
    } finally {
      this.deleting.set(false);
    }
  }
}
