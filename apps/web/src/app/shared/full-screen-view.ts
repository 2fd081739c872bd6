import { ChangeDetectionStrategy, Component, input, output, viewChild } from '@angular/core';
import { Icon } from './icon';
import { ModalDialog } from './modal-dialog';

/**
 * The frame of a view over the whole window (a camera's, the recordings of every camera): a
 * modal dialog with a head (title, badge, "Esc to close", Close) above what the view puts in
 * it, laid out as a column as tall as the window. Closes as cr-modal-dialog does, and says so
 * with `closed`.
 */
@Component({
  selector: 'cr-full-screen-view',
  imports: [Icon, ModalDialog],
  template: `
    <cr-modal-dialog size="full" [labelledBy]="titleId()" (closed)="closed.emit()">
      <div class="view">
        <div class="head">
          <h2 [id]="titleId()">{{ heading() }}</h2>
          <span class="badge">{{ badge() }}</span>
          <span class="hint" aria-hidden="true">Esc to close</span>
          <button
            type="button"
            class="btn btn-sm btn-dark"
            autofocus
            [attr.aria-label]="closeLabel()"
            (click)="close()"
          >
            <cr-icon name="close" /> Close
          </button>
        </div>
        <ng-content />
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
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class FullScreenView {
  /** The heading's id, which names the dialog. */
  readonly titleId = input.required<string>();
  readonly heading = input.required<string>();
  readonly badge = input.required<string>();
  /** The Close button's accessible name. */
  readonly closeLabel = input.required<string>();
  readonly closed = output<void>();

  private readonly dialog = viewChild.required(ModalDialog);

  close(): void {
    this.dialog().close();
  }
}
