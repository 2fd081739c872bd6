import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { LiveSection } from './live/live-section';
import { OpenSessionForm } from './live/open-session-form';
import { SessionsStore } from './live/sessions-store';
import { VideoLibrary } from './recordings/video-library';
import { VideosStore } from './recordings/videos-store';
import { HealthBanner } from './shell/health-banner';
import { HealthStore } from './shell/health-store';

/** The one page: header, notices, open form, live grid and the library. */
@Component({
  selector: 'cr-root',
  imports: [HealthBanner, LiveSection, OpenSessionForm, VideoLibrary],
  templateUrl: './app.html',
  styleUrl: './app.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class App {
  private readonly health = inject(HealthStore);

  protected readonly serverState = computed(() => {
    const health = this.health.health();
    if (this.health.error()) return { tone: 'down', text: 'Server unreachable' };
    if (!health) return { tone: 'unknown', text: 'Connecting…' };
    if (health.status === 'degraded') return { tone: 'degraded', text: 'Degraded' };
    return { tone: 'ok', text: `Connected · v${health.version}` };
  });

  constructor() {
    this.health.startPolling();
    inject(SessionsStore).startPolling();
    inject(VideosStore).startPolling();
  }
}
