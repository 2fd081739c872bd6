import { Injectable, computed, inject, signal } from '@angular/core';
import { SessionsStore } from '../live/sessions-store';
import { CameraDialogs } from './camera-dialogs';

/**
 * The camera form's live preview: an unsaved session of the URL being added, so the person
 * sees the picture before saving. Saving lets the server adopt it as the camera's session (no
 * second connection); cancelling closes it. A session it did not open (one the person already
 * had open) is shown but never closed. One per form.
 */
@Injectable()
export class CameraPreview {
  private readonly sessions = inject(SessionsStore);
  private readonly dialogs = inject(CameraDialogs);
  /** The URL it was opened with; null for a session shown as it is. */
  private openedUrl: string | null = null;
  /** True when this preview opened the session, which is then its to close. */
  private owned = false;

  readonly sessionId = signal<string | null>(null);
  readonly opening = signal(false);
  /** The session as listed, once the list has it. */
  readonly session = computed(() => this.sessions.byId(this.sessionId()));

  /** Opens the URL unless it is already what is shown; rejects with the server's reason. */
  async open(url: string, name: string, insecureTls: boolean): Promise<void> {
    if (this.sessionId() && this.openedUrl === url) return;
    await this.discard();
    this.opening.set(true);
    try {
      const opened = await this.sessions.open(url, name || undefined, {
        insecure_tls: insecureTls,
      });
      this.openedUrl = url;
      this.owned = opened.created;
      this.setSession(opened.session.session_id);
      // The unsaved grid leaves out what only this form shows; one it already had stays.
      if (opened.created) this.dialogs.previewing.set(opened.session.session_id);
    } finally {
      this.opening.set(false);
    }
  }

  /** Shows a session that is already open (the one "Save as camera" started from). */
  show(sessionId: string): void {
    this.openedUrl = null;
    this.owned = false;
    this.setSession(sessionId);
  }

  /** Ends the preview; the session is closed only when this preview opened it. */
  async discard(): Promise<void> {
    const sessionId = this.sessionId();
    const owned = this.owned;
    this.setSession(null);
    this.openedUrl = null;
    this.owned = false;
    if (!sessionId || !owned) return;
    try {
      await this.sessions.close(sessionId);
    } catch {
      // Left open, it shows in the unsaved grid, where it can be closed by hand.
    }
  }

  /**
   * After a save: the camera adopted the preview when its main session is the preview's;
   * otherwise (another URL saved) the preview is closed as on cancel.
   */
  async saved(cameraSessionId: string | null): Promise<void> {
    if (cameraSessionId !== null && cameraSessionId === this.sessionId()) {
      this.owned = false;
    }
    await this.discard();
  }

  private setSession(sessionId: string | null): void {
    this.sessionId.set(sessionId);
    this.dialogs.previewing.set(null);
  }
}
