import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  computed,
  effect,
  inject,
  input,
  signal,
  untracked,
} from '@angular/core';
import type { CameraState, OfflinePeriod } from '@camrec/shared-types';
import { errorMessage } from '../api/api-error';
import { formatDuration, formatMoment } from '../shared/format';
import { Icon } from '../shared/icon';
import { startPolling } from '../shared/polling';
import { CamerasStore } from './cameras-store';

/** How many of the latest periods a tile lists. */
const SHOWN = 5;
/** While the list is open: a period's end is written a moment after the camera is back. */
const REFRESH_MS = 5000;

/** A tile's "Offline history": the latest times the camera could not be reached, and why. */
@Component({
  selector: 'cr-offline-periods',
  imports: [Icon],
  template: `
    <button
      type="button"
      class="btn btn-ghost btn-sm toggle"
      [attr.aria-expanded]="expanded()"
      [attr.aria-controls]="listId()"
      (click)="expanded.set(!expanded())"
    >
      <cr-icon name="clock" /> Offline history
    </button>
    @if (expanded()) {
      <div [id]="listId()" class="history">
        @if (error(); as message) {
          <p class="error" role="alert">{{ message }}</p>
        } @else if (periods(); as list) {
          @if (list.length) {
            <ul [attr.aria-label]="'Latest offline periods of ' + cameraName()">
              @for (row of rows(); track row.startedAt) {
                <li>
                  <span class="when">{{ row.when }}</span>{{ ' — '
                  }}<span class="reason">{{ row.reason }}</span>
                </li>
              }
            </ul>
          } @else {
            <p class="none">Never offline since it was saved.</p>
          }
        } @else {
          <p class="none">Loading…</p>
        }
      </div>
    }
  `,
  styles: `
    /* The toggle sits in its tile's row of actions; the list opens below it, full width. */
    :host {
      display: contents;
    }
    .toggle {
      margin-left: -10px;
      gap: 6px;
    }
    .history {
      order: 1;
      flex-basis: 100%;
      padding: 2px 0 4px;
    }
    ul {
      display: flex;
      flex-direction: column;
      gap: 4px;
      margin: 0;
      padding: 0;
      list-style: none;
      font-size: 13px;
    }
    li {
      display: flex;
      flex-wrap: wrap;
      gap: 0 8px;
    }
    .when {
      font-variant-numeric: tabular-nums;
      color: var(--text);
    }
    .reason,
    .none {
      color: var(--text-2);
      font-size: 13px;
    }
    .error {
      font-size: 13px;
      color: var(--danger);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class OfflinePeriods {
  private readonly store = inject(CamerasStore);

  readonly cameraId = input.required<string>();
  readonly cameraName = input.required<string>();
  /** A change of state (offline, back online) is when the list changes: it is read again. */
  readonly state = input.required<CameraState>();

  protected readonly expanded = signal(false);
  protected readonly periods = signal<OfflinePeriod[] | null>(null);
  protected readonly error = signal<string | null>(null);
  protected readonly listId = computed(() => `offline-${this.cameraId()}`);
  protected readonly rows = computed(() =>
    (this.periods() ?? []).slice(0, SHOWN).map((period) => ({
      startedAt: period.started_at,
      when: describeSpan(period),
      reason: period.reason,
    })),
  );

  private stopPolling: (() => void) | null = null;

  constructor() {
    inject(DestroyRef).onDestroy(() => this.stopPolling?.());
    effect(() => {
      this.stopPolling?.();
      this.stopPolling = null;
      if (!this.expanded()) return;
      this.state();
      const id = this.cameraId();
      untracked(() => {
        this.stopPolling = startPolling(() => this.load(id), REFRESH_MS);
      });
    });
  }

  private async load(id: string): Promise<void> {
    try {
      this.periods.set(await this.store.offlinePeriods(id));
      this.error.set(null);
    } catch (error) {
      this.error.set(errorMessage(error));
    }
  }
}

/** `10:02:03, for 2:07` or `since 10:02:03` while it lasts. */
function describeSpan(period: OfflinePeriod, now = new Date()): string {
  const start = formatMoment(period.started_at, now);
  if (!period.ended_at) return `since ${start}`;
  const seconds = (Date.parse(period.ended_at) - Date.parse(period.started_at)) / 1000;
  return `${start}, for ${formatDuration(seconds)}`;
}
