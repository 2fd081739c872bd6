import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  ElementRef,
  afterNextRender,
  computed,
  inject,
  input,
  viewChild,
} from '@angular/core';
import { PlaybackController } from './playback/playback-controller';
import { formatInstant } from './time-ticks';
import type { TimelineCamera } from './timeline';

const STATUS_TEXT = {
  loading: 'Loading…',
  gap: 'No footage at this moment',
} as const;

/**
 * One camera's recorded footage at the clock's instant: a `<video>` the PlaybackController
 * plays (with the others of the view, in sync), and what it shows when there is nothing.
 */
@Component({
  selector: 'cr-playback-pane',
  template: `
    <video
      #video
      class="playback"
      muted
      playsinline
      disablepictureinpicture
      [attr.aria-label]="'Recorded footage of ' + camera().name"
    ></video>
    <span class="label">
      @if (showName()) {
        <strong>{{ camera().name }}</strong>
      }
      <span class="time">{{ time() }}</span>
    </span>
    @if (error(); as message) {
      <div class="veil" role="alert">{{ message }}</div>
    } @else if (statusText(); as text) {
      <div class="veil" role="status">
        @if (status() === 'loading') {
          <span class="spinner" aria-hidden="true"></span>
        }
        {{ text }}
      </div>
    }
  `,
  styles: `
    :host {
      position: relative;
      display: block;
      min-height: 0;
      background: #000;
      overflow: hidden;
    }
    .playback {
      display: block;
      width: 100%;
      height: 100%;
      object-fit: contain;
    }
    .label {
      position: absolute;
      top: 8px;
      left: 8px;
      display: flex;
      gap: 8px;
      padding: 3px 8px;
      border-radius: 6px;
      background: rgb(13 15 19 / 72%);
      color: #fff;
      font-size: 12.5px;
      font-variant-numeric: tabular-nums;
    }
    .veil {
      position: absolute;
      inset: 0;
      display: flex;
      align-items: center;
      justify-content: center;
      gap: 8px;
      padding: 12px;
      background: rgb(13 15 19 / 62%);
      color: #e7e9ed;
      font-size: 14px;
      text-align: center;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: {
    '[attr.data-camera-id]': 'camera().id',
    '[attr.data-status]': 'status()',
  },
})
export class PlaybackPane {
  private readonly controller = inject(PlaybackController);
  readonly camera = input.required<TimelineCamera>();
  readonly showName = input(true);

  private readonly video = viewChild.required<ElementRef<HTMLVideoElement>>('video');

  protected readonly status = computed(
    () => this.controller.statuses().get(this.camera().id) ?? 'loading',
  );
  protected readonly statusText = computed(() => {
    const status = this.status();
    return status === 'data' ? null : STATUS_TEXT[status];
  });
  protected readonly error = computed(() => this.controller.errors().get(this.camera().id));
  protected readonly time = computed(() => {
    const position = this.controller.positionMs();
    return position === null ? '' : formatInstant(position);
  });

  constructor() {
    afterNextRender(() => this.controller.attach(this.camera().id, this.video().nativeElement));
    inject(DestroyRef).onDestroy(() => this.controller.detach(this.camera().id));
  }
}
