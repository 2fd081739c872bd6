import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  computed,
  inject,
  signal,
  viewChild,
} from '@angular/core';
import { errorMessage } from '../api/api-error';
import { HealthStore } from '../shell/health-store';
import { Icon } from '../shared/icon';
import { SessionsStore } from './sessions-store';

/**
 * URL and name fields, the demo camera and Open: a session of a pasted URL, not saved. The
 * URL is not remembered anywhere in the browser (it holds the camera's password).
 */
@Component({
  selector: 'cr-open-session-form',
  imports: [Icon],
  templateUrl: './open-session-form.html',
  styleUrl: './open-session-form.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class OpenSessionForm {
  private readonly sessions = inject(SessionsStore);
  private readonly health = inject(HealthStore);

  private readonly urlInput = viewChild.required<ElementRef<HTMLInputElement>>('urlInput');

  protected readonly url = signal('');
  protected readonly name = signal('');
  protected readonly opening = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly info = signal<string | null>(null);

  protected readonly demoUrl = computed(() => this.health.health()?.demo_camera_url ?? null);
  protected readonly capacity = computed(() => {
    const max = this.sessions.maxSessions();
    if (max === null) return null;
    // A saved camera's sessions count against the camera limit, not this one.
    const open = this.sessions.unsaved().length;
    return open >= max
      ? `All ${max} camera slots are in use: close one to open another.`
      : `${open} of ${max} cameras open`;
  });

  protected async open(): Promise<void> {
    const url = this.url().trim();
    if (!url) {
      this.error.set('Paste a camera URL first, for example rtsp://192.168.1.20:554/stream1.');
      this.urlInput().nativeElement.focus();
      return;
    }
    await this.openUrl(url, this.name().trim() || undefined);
  }

  protected openDemo(): void {
    const url = this.demoUrl();
    if (url) void this.openUrl(url, this.name().trim() || 'Demo camera');
  }

  protected edited(value: string): void {
    this.url.set(value);
    this.error.set(null);
    this.info.set(null);
  }

  private async openUrl(url: string, name: string | undefined): Promise<void> {
    if (this.opening()) return;
    this.opening.set(true);
    this.error.set(null);
    this.info.set(null);
    try {
      const { session, created } = await this.sessions.open(url, name);
      this.url.set('');
      this.name.set('');
      this.info.set(
        created
          ? `“${session.name}” is open.`
          : `This camera is already open as “${session.name}”.`,
      );
    } catch (error) {
      this.error.set(errorMessage(error));
      this.urlInput().nativeElement.focus();
    } finally {
      this.opening.set(false);
    }
  }
}
