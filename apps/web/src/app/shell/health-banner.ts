import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { Icon } from '../shared/icon';
import { HealthStore } from './health-store';

interface Banner {
  tone: 'danger' | 'warning' | 'info';
  title: string;
  text: string;
  details: string[];
  dismissible: boolean;
}

/**
 * Says when the server is unreachable, degraded (no FFmpeg), reachable from the network without
 * TLS, or running without proxies.
 */
@Component({
  selector: 'cr-health-banner',
  imports: [Icon],
  template: `
    @for (banner of banners(); track banner.title) {
      <div class="banner banner-{{ banner.tone }}" role="status">
        <cr-icon [name]="banner.tone === 'info' ? 'info' : 'alert'" class="icon" />
        <div class="content">
          <strong>{{ banner.title }}</strong>
          <span> {{ banner.text }}</span>
          @if (banner.details.length) {
            <ul>
              @for (detail of banner.details; track detail) {
                <li>{{ detail }}</li>
              }
            </ul>
          }
        </div>
        @if (banner.dismissible) {
          <button
            type="button"
            class="btn btn-ghost btn-icon btn-sm"
            aria-label="Dismiss this notice"
            (click)="dismissed.set(true)"
          >
            <cr-icon name="close" />
          </button>
        }
      </div>
    }
  `,
  styles: `
    :host {
      display: flex;
      flex-direction: column;
      gap: 10px;
    }
    :host:empty {
      display: none;
    }
    .banner {
      display: flex;
      align-items: flex-start;
      gap: 10px;
      padding: 12px 14px;
      border: 1px solid;
      border-radius: var(--radius);
      font-size: 14px;
    }
    .icon {
      margin-top: 2px;
      font-size: 18px;
    }
    .content {
      flex: 1;
    }
    ul {
      margin: 4px 0 0;
      padding-left: 18px;
      color: var(--text-2);
      font-size: 13px;
    }
    .btn {
      margin: -4px -6px -4px 0;
    }
    .banner-danger {
      background: var(--danger-soft);
      border-color: color-mix(in srgb, var(--danger) 35%, transparent);
      .icon,
      strong {
        color: var(--danger);
      }
    }
    .banner-warning {
      background: var(--warning-soft);
      border-color: color-mix(in srgb, var(--warning) 35%, transparent);
      .icon,
      strong {
        color: var(--warning);
      }
    }
    .banner-info {
      background: var(--accent-soft);
      border-color: color-mix(in srgb, var(--accent) 25%, transparent);
      .icon,
      strong {
        color: var(--accent);
      }
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class HealthBanner {
  private readonly store = inject(HealthStore);
  protected readonly dismissed = signal(false);

  protected readonly banners = computed<Banner[]>(() => {
    const error = this.store.error();
    if (error) {
      return [
        {
          tone: 'danger',
          title: 'Server unreachable.',
          text: error,
          details: [],
          dismissible: false,
        },
      ];
    }
    const health = this.store.health();
    if (!health) return [];
    const banners: Banner[] = [];
    if (health.security?.warning) {
      banners.push({
        tone: 'warning',
        title: 'Not encrypted.',
        text: `${health.security.warning}. Configure tls_cert and tls_key to serve HTTPS.`,
        details: [],
        dismissible: false,
      });
    }
    if (health.status === 'degraded') {
      const broken = [health.ffmpeg, health.ffprobe]
        .filter((tool) => tool.version === null)
        .map((tool) => `${tool.path}: ${tool.error ?? 'not usable'}`);
      banners.push({
        tone: 'warning',
        title: 'The server is degraded.',
        text: 'FFmpeg is missing or broken, so cameras cannot be opened or recorded until it is installed.',
        details: broken,
        dismissible: false,
      });
    }
    const direct = health.proxy.engines.filter((engine) => engine.effective_mode === 'direct');
    const downloading = health.proxy.engines.filter((engine) => engine.state === 'downloading');
    if (downloading.length > 0) {
      banners.push({
        tone: 'info',
        title: 'Downloading proxy engines.',
        text: 'Cameras opened meanwhile are read directly.',
        details: downloading.map(
          (engine) =>
            `${engine.name}: ${engine.percent === undefined ? 'downloading' : `${engine.percent}%`}`,
        ),
        dismissible: false,
      });
    } else if (direct.length > 0 && !this.dismissed()) {
      const all = direct.length === health.proxy.engines.length;
      banners.push({
        tone: 'info',
        title: all ? 'Running without proxies.' : 'Running partly without proxies.',
        text: 'These cameras are read directly by FFmpeg. Everything works; a camera that allows only one client may refuse other apps meanwhile.',
        details: direct.map(
          (engine) =>
            `${engine.name} (${engine.name === 'mediamtx' ? 'RTSP' : 'MJPEG'} cameras): ${engine.reason ?? engine.state}`,
        ),
        dismissible: true,
      });
    }
    return banners;
  });
}
