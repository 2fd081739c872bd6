import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { Icon } from '../shared/icon';
import { SessionTile } from './session-tile';
import { SessionsStore } from './sessions-store';

/** The grid of open sessions, or what to do when there is none. */
@Component({
  selector: 'cr-live-section',
  imports: [Icon, SessionTile],
  template: `
    <section aria-labelledby="live-title">
      <div class="section-head">
        <h2 id="live-title">Live</h2>
        @if (store.loaded()) {
          <span class="count">{{ countText() }}</span>
        }
      </div>
      @if (store.sessions().length) {
        <div class="grid">
          @for (session of store.sessions(); track session.session_id) {
            <cr-session-tile [session]="session" />
          }
        </div>
      } @else if (store.loaded()) {
        <div class="empty">
          <span class="empty-icon"><cr-icon name="camera" /></span>
          <strong>No camera open</strong>
          <p>
            Paste an RTSP or MJPEG camera URL above and press Open. Each camera appears here live.
          </p>
        </div>
      }
    </section>
  `,
  styles: `
    .grid {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(min(100%, 380px), 1fr));
      gap: 16px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LiveSection {
  protected readonly store = inject(SessionsStore);
  protected readonly countText = computed(() => {
    const open = this.store.sessions().length;
    const max = this.store.maxSessions();
    return max ? `${open} of ${max}` : String(open);
  });
}
