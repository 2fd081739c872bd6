import {
  ChangeDetectionStrategy,
  Component,
  afterNextRender,
  computed,
  inject,
  input,
  output,
  signal,
  untracked,
  viewChild,
} from '@angular/core';
import { Icon } from '../shared/icon';
import { ExportPanel } from './export-panel';
import { PlaybackController } from './playback/playback-controller';
import { formatInstant } from './time-ticks';
import { Timeline, type TimelineCamera, type TimelineMarks } from './timeline';
import {
  PLAYBACK_RATES,
  commandForKey,
  keyBelongsToTarget,
  type TimelineCommand,
} from './timeline-keys';

/**
 * Everything under the pictures of a view of recorded footage: the transport (play, pause,
 * frame steps, speed, the instant shown, Live), the timeline, the in/out marks and what to do
 * with them. It reads the keyboard for the whole view (`handleKey`). The PlaybackController is
 * the view's.
 */
@Component({
  selector: 'cr-timeline-workspace',
  imports: [ExportPanel, Icon, Timeline],
  template: `
    <div class="transport" role="toolbar" aria-label="Playback">
      <button
        type="button"
        class="btn btn-sm play"
        [attr.aria-label]="controller.playing() ? 'Pause' : 'Play'"
        [title]="controller.playing() ? 'Pause (Space)' : 'Play (Space)'"
        [disabled]="!controller.active()"
        (click)="controller.togglePlay()"
      >
        @if (controller.playing()) {
          <span class="pause-icon" aria-hidden="true"></span>
        } @else {
          <cr-icon name="play" />
        }
      </button>
      <button
        type="button"
        class="btn btn-sm"
        aria-label="Previous frame"
        title="Previous frame (← while paused)"
        [disabled]="!controller.active()"
        (click)="controller.step(-1)"
      >
        ⏮︎
      </button>
      <button
        type="button"
        class="btn btn-sm"
        aria-label="Next frame"
        title="Next frame (→ while paused)"
        [disabled]="!controller.active()"
        (click)="controller.step(1)"
      >
        ⏭︎
      </button>
      <span class="rates" role="group" aria-label="Speed">
        @for (rate of rates; track rate) {
          <button
            type="button"
            class="btn btn-sm rate"
            [attr.aria-pressed]="controller.rate() === rate"
            [attr.aria-label]="'Speed ' + rate + '×'"
            (click)="controller.setRate(rate)"
          >
            {{ rate }}×
          </button>
        }
      </span>
      <span class="position">{{ positionText() }}</span>
      @if (stateText(); as text) {
        <span class="state">{{ text }}</span>
      }
      <span class="marks" role="group" aria-label="Range">
        <button type="button" class="btn btn-sm" title="Mark in (i)" (click)="markIn()">
          Mark in
        </button>
        <button type="button" class="btn btn-sm" title="Mark out (o)" (click)="markOut()">
          Mark out
        </button>
        @if (marks().inMs !== null || marks().outMs !== null) {
          <button
            type="button"
            class="btn btn-sm"
            title="Clear the marks (x)"
            (click)="clearMarks()"
          >
            Clear
          </button>
        }
      </span>
      <button
        type="button"
        class="btn btn-sm live"
        [attr.aria-pressed]="!controller.active()"
        title="Back to the live picture"
        (click)="goLive()"
      >
        <span class="dot" aria-hidden="true"></span> Live
      </button>
    </div>
    <cr-timeline
      #timeline
      [cameras]="cameras()"
      [cursorMs]="controller.positionMs()"
      [live]="!controller.active()"
      [playing]="controller.playing()"
      [marks]="marks()"
      [focusMs]="focusMs()"
      (seek)="seek($event)"
      (marked)="marks.set($event)"
    />
    <cr-export-panel [cameras]="cameras()" [marks]="marks()" (kept)="timeline.refresh()" />
  `,
  styles: `
    :host {
      display: flex;
      flex-direction: column;
      gap: 8px;
      padding: 8px 16px 12px;
      background: #171a20;
      color: #e7e9ed;
    }
    .transport {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 6px;
    }
    .btn {
      border-color: rgb(255 255 255 / 18%);
      background: rgb(255 255 255 / 6%);
      color: #e7e9ed;
    }
    .btn:hover:not(:disabled) {
      background: rgb(255 255 255 / 14%);
    }
    .btn[aria-pressed='true'] {
      border-color: #7aa5fb;
      background: rgb(91 143 249 / 25%);
      color: #fff;
    }
    .play {
      width: 40px;
    }
    .pause-icon {
      width: 10px;
      height: 12px;
      border-inline: 3.5px solid currentColor;
    }
    .rates,
    .marks {
      display: inline-flex;
      gap: 2px;
    }
    .rate {
      min-width: 38px;
    }
    .position {
      min-width: 22ch;
      padding-inline: 6px;
      font-size: 14px;
      font-weight: 600;
      font-variant-numeric: tabular-nums;
    }
    .state {
      font-size: 13px;
      color: #f0a93c;
    }
    .marks {
      margin-left: auto;
    }
    .live .dot {
      width: 8px;
      height: 8px;
      border-radius: 50%;
      background: #e5484d;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: {
    '(keydown)': 'handleKey($event)',
    '[attr.data-requested-ms]': 'controller.requestedMs()',
    '[attr.data-position-ms]': 'controller.positionMs()',
    '[attr.data-playing]': 'controller.playing()',
    '[attr.data-clock]': 'controller.clockState()',
  },
})
export class TimelineWorkspace {
  protected readonly controller = inject(PlaybackController);

  readonly cameras = input.required<TimelineCamera[]>();
  /** An instant to open on, paused (a clip's start): "Show on timeline". */
  readonly focusMs = input<number | null>(null);
  /** Live was asked for: the view shows the live picture (or closes). */
  readonly live = output<void>();

  private readonly timeline = viewChild.required<Timeline>('timeline');
  protected readonly rates = PLAYBACK_RATES;
  readonly marks = signal<TimelineMarks>({ inMs: null, outMs: null });

  protected readonly positionText = computed(() => {
    const position = this.controller.positionMs();
    return this.controller.active() && position !== null ? formatInstant(position) : 'Live';
  });
  protected readonly stateText = computed(() => {
    if (!this.controller.active()) return null;
    switch (this.controller.clockState()) {
      case 'waiting':
        return 'Loading…';
      case 'ended':
        return 'No recorded footage after this moment';
      default:
        return null;
    }
  });

  constructor() {
    afterNextRender(() => {
      const focus = untracked(() => this.focusMs());
      if (focus !== null) this.controller.seek(focus, false);
    });
  }

  protected seek(ms: number): void {
    this.controller.seek(ms, true);
  }

  protected goLive(): void {
    this.controller.stop();
    this.live.emit();
  }

  /** The view's keys (see commandForKey); those of a field or a button stay theirs. */
  handleKey(event: KeyboardEvent): void {
    if (event.defaultPrevented || keyBelongsToTarget(event.target, event.key)) return;
    const command = commandForKey(event, this.controller.playing());
    if (!command) return;
    event.preventDefault();
    this.run(command);
  }

  private run(command: TimelineCommand): void {
    const controller = this.controller;
    const active = controller.active();
    switch (command.kind) {
      case 'toggle-play':
        if (active) controller.togglePlay();
        else controller.seek(Date.now() - 30_000, true);
        return;
      case 'step-frame':
        if (active) void controller.step(command.direction);
        return;
      case 'seek-by':
        if (active) controller.seekBy(command.ms);
        return;
      case 'zoom':
        this.timeline().zoomBy(command.factor);
        return;
      case 'pan':
        this.timeline().pan(command.fraction);
        return;
      case 'rate':
        controller.setRate(command.rate);
        return;
      case 'mark-in':
        this.markIn();
        return;
      case 'mark-out':
        this.markOut();
        return;
      case 'clear-marks':
        this.clearMarks();
        return;
    }
  }

  protected markIn(): void {
    const at = this.controller.positionMs() ?? Date.now();
    this.marks.update(({ outMs }) => ({
      inMs: at,
      outMs: outMs !== null && outMs > at ? outMs : null,
    }));
  }

  protected markOut(): void {
    const at = this.controller.positionMs() ?? Date.now();
    this.marks.update(({ inMs }) => ({
      inMs: inMs !== null && inMs < at ? inMs : null,
      outMs: at,
    }));
  }

  protected clearMarks(): void {
    this.marks.set({ inMs: null, outMs: null });
  }
}
