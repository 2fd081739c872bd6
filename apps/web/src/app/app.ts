import { ChangeDetectionStrategy, Component, computed, effect, inject } from '@angular/core';
import { CamerasSection } from './cameras/cameras-section';
import { CamerasStore } from './cameras/cameras-store';
import { SessionsStore } from './live/sessions-store';
import { UnsavedSessionsSection } from './live/unsaved-sessions-section';
import { VideoLibrary } from './recordings/video-library';
import { VideosStore } from './recordings/videos-store';
import { AuthStore } from './shell/auth-store';
import { HealthBanner } from './shell/health-banner';
import { HealthStore } from './shell/health-store';
import { SignInForm } from './shell/sign-in-form';

/** The one page: header, notices, the saved cameras, sessions of pasted URLs, the library. */
@Component({
  selector: 'cr-root',
  imports: [CamerasSection, HealthBanner, SignInForm, UnsavedSessionsSection, VideoLibrary],
  templateUrl: './app.html',
  styleUrl: './app.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class App {
  private readonly health = inject(HealthStore);
  protected readonly auth = inject(AuthStore);

  protected readonly serverState = computed(() => {
    const health = this.health.health();
    if (this.health.error()) return { tone: 'down', text: 'Server unreachable' };
    if (!health) return { tone: 'unknown', text: 'Connecting…' };
    if (health.status === 'degraded') return { tone: 'degraded', text: 'Degraded' };
    return { tone: 'ok', text: `Connected · v${health.version}` };
  });

  constructor() {
    const cameras = inject(CamerasStore);
    const sessions = inject(SessionsStore);
    const videos = inject(VideosStore);
    // Nothing is polled before the server says this browser may use it (sign-in cookie).
    effect(() => {
      if (!this.auth.signedIn()) return;
      this.health.startPolling();
      cameras.startPolling();
      sessions.startPolling();
      videos.startPolling();
    });
    void this.auth.refresh();
  }
}
