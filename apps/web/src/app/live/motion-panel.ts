import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import type { StreamMotionMessage } from '@camrec/shared-types';
import { videoUrl } from '../api/api-client';
import { formatDateTime, formatDuration } from '../shared/format';
import { HealthStore } from '../shell/health-store';
import { MotionControl } from './motion-control';

/** Per tile: motion toggle, clip recording, tuning sliders with live score, and recent events. */
@Component({
  selector: 'cr-motion-panel',
  template: `
    <div class="row">
      <button
        type="button"
        class="btn btn-sm motion-toggle"
        [attr.aria-pressed]="enabled()"
        [disabled]="control.busy() || !control.settings() || unavailable() !== null"
        [attr.aria-label]="
          (enabled() ? 'Stop motion detection on ' : 'Detect motion on ') + sessionName()
        "
        (click)="control.update({ enabled: !enabled() })"
      >
        {{ enabled() ? 'Motion on' : 'Motion off' }}
      </button>
      @if (enabled()) {
        <label class="check">
          <input
            type="checkbox"
            class="record-clips"
            [checked]="control.settings()?.record"
            (change)="control.update({ record: $any($event.target).checked })"
          />
          Record clips
        </label>
        <button
          type="button"
          class="btn btn-ghost btn-sm tune"
          (click)="control.tuning.set(!control.tuning())"
        >
          {{ control.tuning() ? 'Done' : 'Tune' }}
        </button>
      }
    </div>
    @if (unavailable(); as reason) {
      <p class="note motion-unavailable">Motion detection is unavailable: {{ reason }}</p>
    }
    @if (control.error(); as error) {
      <p class="error" role="alert">{{ error }}</p>
    }
    @if (enabled() && control.tuning()) {
      <div class="tuning" aria-label="Motion tuning">
        <label>
          Sensitivity {{ control.settings()?.sensitivity }}
          <input
            type="range"
            class="sensitivity"
            min="1"
            max="100"
            [value]="control.settings()?.sensitivity"
            (change)="control.update({ sensitivity: +$any($event.target).value })"
          />
        </label>
        <label>
          Minimum area {{ control.settings()?.min_area_pct }} %
          <input
            type="range"
            class="min-area"
            min="0.1"
            max="10"
            step="0.1"
            [value]="control.settings()?.min_area_pct"
            (change)="control.update({ min_area_pct: +$any($event.target).value })"
          />
        </label>
        <div
          class="meter"
          role="meter"
          aria-label="Changed share of the picture"
          [attr.aria-valuenow]="scorePct()"
        >
          <div class="score" [style.width.%]="meterWidth(scorePct())"></div>
          <div
            class="threshold"
            [style.left.%]="meterWidth(control.settings()?.min_area_pct ?? 0)"
          ></div>
        </div>
        <p class="note">
          Changed: {{ scorePct() }} % of the picture; motion counts above the line.
        </p>
        @if (maskUrl(); as url) {
          <img class="mask" [src]="url" alt="Changed pixels (white)" />
        }
        <div class="row">
          @if (control.drawing(); as points) {
            <span class="note">Click the picture to add points ({{ points.length }}).</span>
            <button type="button" class="btn btn-sm finish-zone" (click)="control.finishZone()">
              Finish zone
            </button>
          } @else {
            <button type="button" class="btn btn-sm draw-zone" (click)="control.startZone()">
              Draw excluded zone
            </button>
            @if (control.settings()?.zones_excluded?.length) {
              <button type="button" class="btn btn-ghost btn-sm" (click)="control.clearZones()">
                Clear zones
              </button>
            }
          }
        </div>
      </div>
    }
    @if (control.events().length) {
      <ul class="events" [attr.aria-label]="'Motion events of ' + sessionName()">
        @for (event of control.events(); track event.id) {
          <li class="event" [attr.data-event-id]="event.id">
            @if (event.ended_at && event.thumbnail_url) {
              <img class="thumb" [src]="event.thumbnail_url" alt="" loading="lazy" />
            }
            <span class="when">{{ when(event.started_at) }}</span>
            <span class="length">{{ length(event.started_at, event.ended_at) }}</span>
            @if (event.filename; as filename) {
              <a class="btn btn-ghost btn-sm" [href]="play(filename)" target="_blank">Play</a>
            }
            <button
              type="button"
              class="btn btn-ghost btn-sm delete-event"
              [disabled]="!event.ended_at"
              (click)="control.deleteEvent(event.id)"
            >
              Delete
            </button>
          </li>
        }
      </ul>
    }
  `,
  styles: `
    :host {
      display: block;
      margin-top: 10px;
    }
    .row {
      display: flex;
      align-items: center;
      gap: 8px;
      flex-wrap: wrap;
    }
    .motion-toggle[aria-pressed='true'] {
      background: var(--accent, #2563eb);
      color: #fff;
    }
    .check {
      display: inline-flex;
      gap: 4px;
      align-items: center;
      font-size: 13px;
    }
    .note {
      font-size: 12px;
      color: var(--muted, #667);
      margin: 6px 0 0;
    }
    .error {
      font-size: 12px;
      color: var(--danger, #b42318);
    }
    .tuning {
      display: grid;
      gap: 6px;
      margin-top: 8px;
      font-size: 13px;
    }
    .tuning label {
      display: grid;
      gap: 2px;
    }
    .meter {
      position: relative;
      height: 8px;
      border-radius: 4px;
      background: var(--border, #ddd);
    }
    .score {
      height: 100%;
      border-radius: 4px;
      background: var(--accent, #2563eb);
    }
    .threshold {
      position: absolute;
      top: -3px;
      width: 2px;
      height: 14px;
      background: var(--danger, #b42318);
    }
    .mask {
      width: 100%;
      max-width: 320px;
      image-rendering: pixelated;
      background: #000;
    }
    .events {
      list-style: none;
      margin: 8px 0 0;
      padding: 0;
      display: grid;
      gap: 4px;
    }
    .event {
      display: flex;
      align-items: center;
      gap: 8px;
      font-size: 12px;
    }
    .thumb {
      width: 64px;
      height: 36px;
      object-fit: cover;
      border-radius: 4px;
    }
    .when {
      flex: 1;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MotionPanel {
  protected readonly control = inject(MotionControl);
  private readonly health = inject(HealthStore);

  readonly sessionName = input.required<string>();
  readonly sessionId = input.required<string>();
  readonly motion = input<StreamMotionMessage | null>(null);

  protected readonly enabled = computed(() => this.control.settings()?.enabled ?? false);
  protected readonly unavailable = computed(() => {
    const availability = this.control.settings()?.availability ?? this.health.health()?.motion;
    return availability && !availability.available ? availability.reason : null;
  });
  protected readonly scorePct = computed(() => Math.round((this.motion()?.score ?? 0) * 1000) / 10);
  /** The mask refreshes with every motion message (at most 5 per second). */
  protected readonly maskUrl = computed(() => {
    const message = this.motion();
    return message
      ? `/session/${encodeURIComponent(this.sessionId())}/motion/mask?t=${message.score}-${Date.now()}`
      : null;
  });

  /** The meter spans 0–10 % of the picture, where the interesting thresholds are. */
  protected meterWidth(pct: number): number {
    return Math.min(100, pct * 10);
  }

  protected when(iso: string): string {
    return formatDateTime(iso);
  }

  protected length(start: string, end: string | null): string {
    return end ? formatDuration((Date.parse(end) - Date.parse(start)) / 1000) : 'now';
  }

  protected play(filename: string): string {
    return videoUrl(filename);
  }
}
