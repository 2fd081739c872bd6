import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  ElementRef,
  afterRenderEffect,
  computed,
  effect,
  inject,
  input,
  signal,
  untracked,
  viewChild,
} from '@angular/core';
import { FOOTAGE_KIND, type FootageKind } from './playback/footage-kind';
import { PlaybackController } from './playback/playback-controller';
import { formatInstant } from './time-ticks';
import type { TimelineCamera } from './timeline';

const STATUS_TEXT = {
  loading: 'Loading…',
  gap: 'No footage at this moment',
} as const;

/**
 * One camera's recorded footage at the clock's instant: a `<video>`, or a canvas for footage
 * kept as JPEG frames, that the PlaybackController plays (with the others of the view, in
 * sync), and what it shows when there is nothing. Which of the two is asked of the index at
 * every instant sought: a camera's footage may change kind.
 */
@Component({
  selector: 'cr-playback-pane',
  template: `
    @switch (kind()) {
      @case ('video') {
        <video
          #surface
          class="playback"
          muted
          playsinline
          disablepictureinpicture
          [attr.aria-label]="'Recorded footage of ' + camera().name"
        ></video>
      }
      @case ('jpeg') {
        <canvas
          #surface
          class="playback"
          role="img"
          [attr.aria-label]="'Recorded footage of ' + camera().name"
        ></canvas>
      }
    }
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
    canvas.playback {
      background: #000;
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
    '[attr.data-footage]': 'kind()',
  },
})
export class PlaybackPane {
  private readonly controller = inject(PlaybackController);
  readonly camera = input.required<TimelineCamera>();
  readonly showName = input(true);

  private readonly footageKind = inject(FOOTAGE_KIND);
  /** The footage's kind at the instant last sought; null until the index answered. */
  protected readonly kind = signal<FootageKind | null>(null);
  private readonly surface = viewChild<ElementRef<HTMLVideoElement | HTMLCanvasElement>>('surface');
  private attached: HTMLVideoElement | HTMLCanvasElement | null = null;
  private lookups = 0;

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
    effect(() => {
      const at = this.controller.requestedMs();
      const cameraId = this.camera().id;
      if (at !== null) void this.lookUpKind(cameraId, at);
    });
    // A new element (the first, or the other kind's) gets a new player, from the clock's instant.
    afterRenderEffect(() => {
      const element = this.surface()?.nativeElement ?? null;
      if (!element || element === this.attached) return;
      this.attached = element;
      untracked(() => this.controller.attach(this.camera().id, element));
    });
    inject(DestroyRef).onDestroy(() => this.controller.detach(this.camera().id));
  }

  private async lookUpKind(cameraId: string, atMs: number): Promise<void> {
    const lookup = ++this.lookups;
    // When the index cannot be asked, the video player says what is wrong.
    const kind = await this.footageKind(cameraId, atMs).catch((): FootageKind => 'video');
    if (lookup === this.lookups) this.kind.set(kind);
  }
}
