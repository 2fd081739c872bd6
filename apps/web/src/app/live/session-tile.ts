import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  afterNextRender,
  computed,
  effect,
  inject,
  input,
  signal,
  viewChild,
} from '@angular/core';
import type { SessionListItem } from '@camrec/shared-types';
import { codecLabel, formatDuration, urlLabel } from '../shared/format';
import { Icon } from '../shared/icon';
import { LivePlayer, type DelayKind, type LiveState } from './player/live-player';
import type { DecoderKind } from './player/live-renderer';
import { RecordControls } from './record-controls';
import { RecordingTracker } from './recording-tracker';
import { SessionsStore } from './sessions-store';

const STATE_LABELS: Record<LiveState, string> = {
  connecting: 'Connecting',
  live: 'Live',
  stalled: 'No picture',
  reconnecting: 'Reconnecting',
  closed: 'Closed',
};

const DECODER_LABELS: Record<DecoderKind, string> = {
  webcodecs: 'WebCodecs',
  mse: 'MSE',
  jpeg: 'JPEG',
};

/** The delay figure's label says what it measures; its title says how. */
const DELAY_LABELS: Record<DelayKind, string> = {
  camera: 'camera → screen',
  server: 'network + decode',
  local: 'in browser',
};
const LOCAL_DELAY_EXPLAINED: Record<DecoderKind, string> = {
  webcodecs:
    'From a frame’s arrival in this browser to its paint (WebCodecs); no capture time known',
  mse: 'Video buffered ahead of the frame on screen (MSE); no capture time known',
  jpeg: 'From a frame’s arrival in this browser to its paint (JPEG frames)',
};
const DELAY_EXPLAINED: Record<Exclude<DelayKind, 'local'>, string> = {
  camera:
    'From capture, on the camera’s clock (its RTCP sender reports), to paint; the camera’s and this browser’s clocks checked against the server’s',
  server:
    'From the frame’s arrival at the server to its paint here: network and decoding, not the camera’s own delay',
};

/** One open session: live picture with its overlay, recording controls and Close. */
@Component({
  selector: 'cr-session-tile',
  imports: [Icon, RecordControls],
  providers: [LivePlayer, RecordingTracker],
  templateUrl: './session-tile.html',
  styleUrl: './session-tile.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: {
    '[attr.data-session-id]': 'session().session_id',
    '[attr.data-state]': 'state()',
    '[attr.data-decoder]': 'player.decoder()',
    '[attr.data-frames]': 'player.frames()',
  },
})
export class SessionTile {
  protected readonly player = inject(LivePlayer);
  protected readonly tracker = inject(RecordingTracker);
  private readonly sessions = inject(SessionsStore);

  readonly session = input.required<SessionListItem>();

  private readonly canvas = viewChild.required<ElementRef<HTMLCanvasElement>>('canvas');
  private readonly video = viewChild.required<ElementRef<HTMLVideoElement>>('video');

  protected readonly muted = signal(true);
  protected readonly closing = signal(false);
  protected readonly closeError = signal<string | null>(null);
  /** "Copied", or how to copy by hand where the browser offers no clipboard (plain http). */
  protected readonly copyStatus = signal<string | null>(null);

  /** The server's view wins while it says the camera is reconnecting. */
  protected readonly state = computed<LiveState>(() => {
    if (this.session().state === 'reconnecting' && this.player.state() !== 'closed') {
      return 'reconnecting';
    }
    return this.player.state();
  });
  protected readonly stateLabel = computed(() => STATE_LABELS[this.state()]);
  protected readonly notice = computed(
    () =>
      this.player.notice() ?? (this.state() === 'reconnecting' ? this.session().last_error : null),
  );
  protected readonly hasAudio = computed(() => this.session().media.audio !== null);
  protected readonly sourceLabel = computed(() => urlLabel(this.session().source_url));
  protected readonly codec = computed(() => codecLabel(this.session().media.video.codec));
  protected readonly resolution = computed(() => {
    const measured = this.player.resolution();
    const announced = this.session().media.video;
    const size = measured ?? (announced.width ? announced : null);
    return size ? `${size.width}×${size.height}` : null;
  });
  protected readonly decoderLabel = computed(() => {
    const decoder = this.player.decoder();
    return decoder ? DECODER_LABELS[decoder] : null;
  });
  protected readonly delayLabel = computed(() => {
    const kind = this.player.delayKind();
    return kind ? DELAY_LABELS[kind] : '';
  });
  protected readonly delayTitle = computed(() => {
    const kind = this.player.delayKind();
    const decoder = this.player.decoder();
    if (kind && kind !== 'local') return DELAY_EXPLAINED[kind];
    return decoder ? LOCAL_DELAY_EXPLAINED[decoder] : 'Measured in this browser';
  });
  protected readonly recordingElapsed = computed(() =>
    formatDuration(this.tracker.status()?.elapsed_s ?? 0),
  );

  constructor() {
    afterNextRender(() => {
      const session = this.session();
      this.player.start(
        { canvas: this.canvas().nativeElement, video: this.video().nativeElement },
        {
          sessionId: session.session_id,
          sourceType: session.source_type,
          hasAudio: session.media.audio !== null,
        },
      );
    });
    effect(() => {
      const session = this.session();
      this.tracker.follow(session.session_id, session.recording);
    });
  }

  protected toggleMuted(): void {
    this.muted.update((muted) => !muted);
    this.player.setMuted(this.muted());
  }

  protected async copyLocalUrl(url: string, text: HTMLElement): Promise<void> {
    try {
      await navigator.clipboard.writeText(url);
      this.copyStatus.set('Copied');
    } catch {
      // The clipboard needs a secure context; selecting the URL lets the user copy it.
      getSelection()?.selectAllChildren(text);
      this.copyStatus.set('Selected: press Ctrl+C');
    }
    setTimeout(() => this.copyStatus.set(null), 2500);
  }

  protected async close(): Promise<void> {
    this.closing.set(true);
    this.closeError.set(null);
    try {
      await this.sessions.close(this.session().session_id);
    } catch (error) {
      this.closeError.set(error instanceof Error ? error.message : String(error));
      this.closing.set(false);
    }
  }
}
