import { Injectable, signal } from '@angular/core';
import type { CameraInfo, SessionListItem } from '@camrec/shared-types';
import { NEW_CAMERA, valuesOfSession, type CameraFormValues } from './camera-form-model';

/** What the camera form is asked to do. */
export type CameraFormRequest =
  | {
      kind: 'add';
      values: CameraFormValues;
      /** "Save as camera": the unsaved session it starts from, shown as the preview. */
      session: SessionListItem | null;
    }
  | { kind: 'edit'; camera: CameraInfo };

/**
 * Which camera dialog is open: the add/edit form, the delete confirmation, the full-screen
 * view (live and the camera's timeline) or the recordings of every camera. Tiles anywhere on the page (an unsaved session's "Save as camera" too) open them here;
 * the cameras section shows them.
 */
@Injectable({ providedIn: 'root' })
export class CameraDialogs {
  readonly form = signal<CameraFormRequest | null>(null);
  readonly deleting = signal<CameraInfo | null>(null);
  /** The camera shown full screen, by id (its status moves while it is shown). */
  readonly fullView = signal<string | null>(null);
  /** An instant the full-screen view opens its recordings at, paused ("Show on timeline"). */
  readonly fullViewAt = signal<number | null>(null);
  /** The recordings of every camera, in sync. */
  readonly recordings = signal(false);
  /** A session the form opened to preview: the form plays it, the unsaved grid leaves it out. */
  readonly previewing = signal<string | null>(null);

  add(): void {
    this.form.set({ kind: 'add', values: NEW_CAMERA, session: null });
  }

  addFromSession(session: SessionListItem): void {
    this.form.set({ kind: 'add', values: valuesOfSession(session), session });
  }

  edit(camera: CameraInfo): void {
    this.form.set({ kind: 'edit', camera });
  }

  /** The camera full screen, its recorded footage at `atMs` (or live when null). */
  showOnTimeline(cameraId: string, atMs: number | null): void {
    this.fullViewAt.set(atMs);
    this.fullView.set(cameraId);
  }

  closeFullView(): void {
    this.fullView.set(null);
    this.fullViewAt.set(null);
  }

  closeForm(): void {
    this.form.set(null);
    this.previewing.set(null);
  }
}
