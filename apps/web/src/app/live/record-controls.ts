import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { formatDuration } from '../shared/format';
import { Icon } from '../shared/icon';
import { RecordingTracker } from './recording-tracker';

export const RECORD_DURATIONS: readonly { seconds: number | null; label: string }[] = [
  { seconds: 10, label: '10 s' },
  { seconds: 30, label: '30 s' },
  { seconds: 60, label: '1 min' },
  { seconds: 300, label: '5 min' },
  { seconds: null, label: 'Until stopped' },
];

/** A clip this far behind the camera is falling behind (a moment's queue is normal). */
const BEHIND_SHOWN_FROM_S = 2;

let nextId = 0;

/** Duration select, Record and Stop for one session; uses the tile's RecordingTracker. */
@Component({
  selector: 'cr-record-controls',
  imports: [Icon],
  template: `
    @if (tracker.recording()) {
      <div class="recording">
        <div class="line">
          <span class="rec-dot" aria-hidden="true"></span>
          <span class="label">{{ finalizing() ? 'Saving…' : 'Recording' }}</span>
          <span class="time" aria-live="off">{{ elapsedText() }}</span>
          <button
            type="button"
            class="btn btn-sm stop"
            (click)="tracker.stop()"
            [disabled]="tracker.busy() === 'stopping' || finalizing()"
            [attr.aria-label]="'Stop recording ' + sessionName()"
          >
            @if (tracker.busy() === 'stopping') {
              <span class="spinner" aria-hidden="true"></span> Saving…
            } @else {
              <cr-icon name="stop" /> Stop
            }
          </button>
        </div>
        <div
          class="progress"
          role="progressbar"
          [attr.aria-label]="'Recording progress of ' + sessionName()"
          [attr.aria-valuemin]="0"
          [attr.aria-valuemax]="recordingDuration()"
          [attr.aria-valuenow]="recordingDuration() ? elapsed() : null"
          [attr.aria-valuetext]="elapsedText()"
          [class.open-ended]="!recordingDuration()"
        >
          <div class="bar" [style.width.%]="progress()"></div>
        </div>
        @if (behind(); as seconds) {
          <p class="behind" role="status">
            Writing {{ seconds }} s behind the camera: the server is not keeping up with this
            recording.
          </p>
        }
      </div>
    } @else {
      <div class="idle">
        <label class="visually-hidden" [for]="selectId"
          >Recording length for {{ sessionName() }}</label
        >
        <select class="select" [id]="selectId" (change)="pick($any($event.target).value)">
          @for (option of durations; track option.label) {
            <option [value]="option.seconds ?? 0" [selected]="option.seconds === duration()">
              {{ option.label }}
            </option>
          }
        </select>
        <button
          type="button"
          class="btn btn-sm record"
          (click)="tracker.start(duration())"
          [disabled]="tracker.busy() !== null || disabled()"
          [attr.aria-label]="'Record ' + sessionName()"
        >
          @if (tracker.busy() === 'starting') {
            <span class="spinner" aria-hidden="true"></span>
          } @else {
            <span class="rec-icon" aria-hidden="true"></span>
          }
          Record
        </button>
        @if (tracker.saved() && !tracker.error()) {
          <span class="saved" role="status">Saved to recordings</span>
        }
      </div>
    }
    @if (tracker.error(); as error) {
      <p class="error" role="alert">{{ error }}</p>
    }
  `,
  styles: `
    :host {
      display: block;
    }
    .idle,
    .line {
      display: flex;
      align-items: center;
      gap: 8px;
      flex-wrap: wrap;
    }
    .select {
      width: auto;
    }
    .rec-icon,
    .rec-dot {
      width: 10px;
      height: 10px;
      border-radius: 50%;
      background: var(--danger);
    }
    .rec-dot {
      animation: pulse 1.4s ease-in-out infinite;
    }
    @keyframes pulse {
      50% {
        opacity: 0.3;
      }
    }
    .label {
      font-weight: 600;
      font-size: 14px;
      color: var(--danger);
    }
    .time {
      font-variant-numeric: tabular-nums;
      color: var(--text-2);
      font-size: 14px;
    }
    .stop {
      margin-left: auto;
      color: var(--danger);
      border-color: color-mix(in srgb, var(--danger) 45%, transparent);
    }
    .progress {
      height: 4px;
      margin-top: 10px;
      border-radius: 2px;
      background: var(--surface-2);
      overflow: hidden;
    }
    .bar {
      height: 100%;
      background: var(--danger);
      transition: width 0.9s linear;
    }
    .open-ended .bar {
      width: 30% !important;
      animation: slide 1.6s ease-in-out infinite;
    }
    @keyframes slide {
      from {
        transform: translateX(-100%);
      }
      to {
        transform: translateX(340%);
      }
    }
    .saved {
      font-size: 13px;
      color: var(--success);
    }
    .behind {
      margin-top: 8px;
      font-size: 13px;
      color: var(--warning);
    }
    .error {
      margin-top: 8px;
      font-size: 13px;
      color: var(--danger);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RecordControls {
  protected readonly tracker = inject(RecordingTracker);
  readonly sessionName = input.required<string>();
  readonly disabled = input(false);

  protected readonly durations = RECORD_DURATIONS;
  protected readonly selectId = `record-duration-${nextId++}`;
  protected readonly duration = signal<number | null>(30);

  protected readonly elapsed = computed(() => Math.floor(this.tracker.status()?.elapsed_s ?? 0));
  protected readonly finalizing = computed(() => this.tracker.status()?.state === 'finalizing');
  /** Whole seconds the clip is behind the camera, once that is more than a moment's queue. */
  protected readonly behind = computed(() => {
    const seconds = this.tracker.status()?.behind_s ?? 0;
    return seconds >= BEHIND_SHOWN_FROM_S ? Math.round(seconds) : null;
  });
  protected readonly recordingDuration = computed(() => this.tracker.status()?.duration ?? null);
  protected readonly progress = computed(() => {
    const total = this.recordingDuration();
    return total ? Math.min(100, (this.elapsed() / total) * 100) : 100;
  });
  protected readonly elapsedText = computed(() => {
    const total = this.recordingDuration();
    const elapsed = formatDuration(this.elapsed());
    return total ? `${elapsed} / ${formatDuration(total)}` : elapsed;
  });

  protected pick(value: string): void {
    const seconds = Number(value);
    this.duration.set(seconds > 0 ? seconds : null);
  }
}
