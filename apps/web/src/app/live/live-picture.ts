import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  afterNextRender,
  computed,
  inject,
  input,
  viewChild,
} from '@angular/core';
import type { SessionListItem, SessionState } from '@camrec/shared-types';
import { codecLabel } from '../shared/format';
import { Icon } from '../shared/icon';
import { MotionControl } from './motion-control';
import { LivePlayer, type DelayKind, type LiveState } from './player/live-player';
import type { DecoderKind } from './player/live-renderer';

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

/** The server's view wins while it says the camera is reconnecting. */
export function shownLiveState(session: SessionState, player: LiveState): LiveState {
  return session === 'reconnecting' && player !== 'closed' ? 'reconnecting' : player;
}

/**
 * One session's live picture with its overlay (state, motion, zones, figures). It plays
 * through the LivePlayer of the component around it, which starts here once the canvas and
 * video exist; zones are drawn when that component also provides a MotionControl.
 */
@Component({
  selector: 'cr-live-picture',
  imports: [Icon],
  templateUrl: './live-picture.html',
  styleUrl: './live-picture.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { '[class.fill]': 'fill()' },
})
export class LivePicture {
  protected readonly player = inject(LivePlayer);
  private readonly motion = inject(MotionControl, { optional: true });

  readonly session = input.required<SessionListItem>();
  /** "REC 0:12" while the host records; null shows no badge. */
  readonly recordingLabel = input<string | null>(null);
  /** Fills the host's height (full-screen view) instead of keeping 16:9. */
  readonly fill = input(false);

  private readonly canvas = viewChild.required<ElementRef<HTMLCanvasElement>>('canvas');
  private readonly video = viewChild.required<ElementRef<HTMLVideoElement>>('video');

  protected readonly state = computed(() =>
    shownLiveState(this.session().state, this.player.state()),
  );
  protected readonly stateLabel = computed(() => STATE_LABELS[this.state()]);
  protected readonly notice = computed(
    () =>
      this.player.notice() ?? (this.state() === 'reconnecting' ? this.session().last_error : null),
  );
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
  /** Boxes and badge only while motion detection is on and sees motion. */
  protected readonly motionSeen = computed(() => {
    const message = this.player.motion();
    return this.session().motion.enabled && message?.active ? message : null;
  });
  protected readonly zones = computed(() =>
    (this.motion?.settings()?.zones_excluded ?? []).map((zone) => svgPoints(zone)),
  );
  protected readonly drawing = computed(() => (this.motion?.drawing() ?? null) !== null);
  protected readonly drawingPoints = computed(() => {
    const points = this.motion?.drawing();
    return points ? svgPoints(points) : null;
  });

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
  }

  /** A click on the picture adds a point to the exclusion zone being drawn. */
  protected pictureClick(event: MouseEvent): void {
    if (!this.motion?.drawing()) return;
    const area = (event.currentTarget as HTMLElement).getBoundingClientRect();
    this.motion.addPoint(
      (event.clientX - area.left) / area.width,
      (event.clientY - area.top) / area.height,
    );
  }
}

/** SVG polygon points in a 100×100 view box. */
function svgPoints(zone: [number, number][]): string {
  return zone.map(([x, y]) => `${x * 100},${y * 100}`).join(' ');
}
