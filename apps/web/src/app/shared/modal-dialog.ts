import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  ElementRef,
  afterNextRender,
  inject,
  input,
  output,
  viewChild,
} from '@angular/core';

/**
 * A modal `<dialog>` shown as soon as it is rendered: the browser keeps focus inside it and
 * the page behind inert, Escape closes it, and focus goes back to what opened it. However it
 * closes (Escape, a button, `close()`), `closed` tells the owner, which undoes what it must
 * there: browsers may close a dialog on a second Escape without asking first.
 */
@Component({
  selector: 'cr-modal-dialog',
  template: `
    <dialog
      #dialog
      class="dialog dialog-{{ size() }}"
      [attr.aria-labelledby]="labelledBy()"
      [attr.aria-describedby]="describedBy()"
      (close)="closed.emit()"
    >
      <ng-content />
    </dialog>
  `,
  styles: `
    .dialog {
      max-height: calc(100vh - 24px);
      padding: 0;
      border: 1px solid var(--border);
      border-radius: var(--radius);
      background: var(--surface);
      color: var(--text);
      box-shadow: var(--shadow-lg);
      overflow: auto;
    }
    /* No backdrop blur: the browser computes it again at every frame painted above it (a
       playing video), which held a software-rendered page to 6 frames a second. */
    .dialog::backdrop {
      background: rgb(8 10 14 / 62%);
    }
    .dialog-form {
      width: min(1040px, calc(100vw - 24px));
    }
    .dialog-small {
      width: min(460px, calc(100vw - 24px));
    }
    .dialog-player {
      width: min(960px, calc(100vw - 24px));
      overflow: hidden;
    }
    .dialog-full {
      width: 100vw;
      max-width: 100vw;
      height: 100vh;
      max-height: 100vh;
      border: 0;
      border-radius: 0;
      background: var(--media-bg);
      color: #e7e9ed;
      overflow: hidden;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ModalDialog {
  readonly labelledBy = input.required<string>();
  readonly describedBy = input<string | null>(null);
  readonly size = input<'form' | 'small' | 'player' | 'full'>('form');
  readonly closed = output<void>();

  private readonly dialog = viewChild.required<ElementRef<HTMLDialogElement>>('dialog');
  private readonly opener = globalThis.document?.activeElement as HTMLElement | null;

  constructor() {
    afterNextRender(() => {
      const dialog = this.dialog().nativeElement;
      // jsdom has no showModal; the attribute is enough there.
      if (typeof dialog.showModal === 'function') dialog.showModal();
      else dialog.setAttribute('open', '');
    });
    inject(DestroyRef).onDestroy(() => {
      if (this.opener?.isConnected) this.opener.focus();
    });
  }

  close(): void {
    const dialog = this.dialog().nativeElement;
    if (typeof dialog.close === 'function') {
      dialog.close();
    } else {
      dialog.removeAttribute('open');
      this.closed.emit();
    }
  }
}
