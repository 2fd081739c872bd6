import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  Injector,
  afterNextRender,
  computed,
  inject,
  input,
  output,
  signal,
  viewChild,
} from '@angular/core';
import type { VideoItem } from '@camrec/shared-types';
import { videoUrl } from '../api/api-client';
import { errorMessage } from '../api/api-error';
import { codecLabel, formatBytes, formatDateTime, formatDuration } from '../shared/format';
import { Icon } from '../shared/icon';
import { VideosStore } from './videos-store';

/** One recording: thumbnail (plays it), details, download, delete after confirmation. */
@Component({
  selector: 'cr-video-card',
  imports: [Icon],
  templateUrl: './video-card.html',
  styleUrl: './video-card.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { '[attr.data-filename]': 'video().filename' },
})
export class VideoCard {
  private readonly store = inject(VideosStore);
  private readonly injector = inject(Injector);

  readonly video = input.required<VideoItem>();
  readonly title = input.required<string>();
  readonly play = output<void>();

  private readonly keepButton = viewChild<ElementRef<HTMLButtonElement>>('keepButton');
  private readonly deleteButton = viewChild<ElementRef<HTMLButtonElement>>('deleteButton');

  protected readonly confirming = signal(false);
  protected readonly deleting = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly thumbnailFailed = signal(false);

  protected readonly date = computed(() => formatDateTime(this.video().created_at));
  protected readonly duration = computed(() => formatDuration(this.video().duration_s));
  protected readonly size = computed(() => formatBytes(this.video().size_bytes));
  protected readonly details = computed(() => {
    const video = this.video();
    const resolution = video.width && video.height ? `${video.width}×${video.height}` : null;
    return [
      resolution,
      codecLabel(video.video_codec),
      video.audio_codec ? codecLabel(video.audio_codec) : null,
    ]
      .filter(Boolean)
      .join(' · ');
  });
  protected readonly downloadUrl = computed(() => videoUrl(this.video().filename, true));
  protected readonly preRoll = computed(() => {
    const preRoll = this.video().pre_roll;
    return preRoll ? ` · ${preRoll.delivered_s} s before the motion` : '';
  });

  protected askToDelete(): void {
    this.confirming.set(true);
    this.error.set(null);
    // The safe choice takes the focus.
    afterNextRender(() => this.keepButton()?.nativeElement.focus(), { injector: this.injector });
  }

  protected keep(): void {
    this.confirming.set(false);
    afterNextRender(() => this.deleteButton()?.nativeElement.focus(), { injector: this.injector });
  }

  protected async toggleKept(): Promise<void> {
    try {
      await this.store.setKept(this.video().filename, !this.video().keep);
    } catch (error) {
      this.error.set(errorMessage(error));
    }
  }

  protected async confirmDelete(): Promise<void> {
    this.deleting.set(true);
    try {
      await this.store.remove(this.video().filename);
    } catch (error) {
      this.error.set(errorMessage(error));
      this.deleting.set(false);
      this.confirming.set(false);
    }
  }
}
