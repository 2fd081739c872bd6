import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  input,
  signal,
} from '@angular/core';
import type { SessionListItem } from '@camrec/shared-types';
import { CameraDialogs } from '../cameras/camera-dialogs';
import { formatDuration, urlLabel } from '../shared/format';
import { Icon } from '../shared/icon';
import { LivePicture, shownLiveState } from './live-picture';
import { LivePlayer } from './player/live-player';
import { MotionControl } from './motion-control';
import { MotionPanel } from './motion-panel';
import { RecordControls } from './record-controls';
import { RecordingTracker } from './recording-tracker';
import { SessionsStore } from './sessions-store';

/** One open session: live picture with its overlay, recording controls and Close. */
@Component({
  selector: 'cr-session-tile',
  imports: [Icon, LivePicture, RecordControls, MotionPanel],
  providers: [LivePlayer, RecordingTracker, MotionControl],
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
  protected readonly motion = inject(MotionControl);
  private readonly sessions = inject(SessionsStore);
  private readonly dialogs = inject(CameraDialogs);

  readonly session = input.required<SessionListItem>();

  protected readonly muted = signal(true);
  protected readonly closing = signal(false);
  protected readonly closeError = signal<string | null>(null);
  /** "Copied", or how to copy by hand where the browser offers no clipboard (plain http). */
  protected readonly copyStatus = signal<string | null>(null);

  protected readonly state = computed(() =>
    shownLiveState(this.session().state, this.player.state()),
  );
  protected readonly hasAudio = computed(() => this.session().media.audio !== null);
  protected readonly sourceLabel = computed(() => urlLabel(this.session().source_url));
  protected readonly recordingElapsed = computed(() =>
    formatDuration(this.tracker.status()?.elapsed_s ?? 0),
  );

  constructor() {
    effect(() => {
      const session = this.session();
      this.tracker.follow(session.session_id, session.recording);
      this.motion.follow(session.session_id);
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

  /** Opens the add-camera form with what is known of this session (its URL is masked). */
  protected saveAsCamera(): void {
    this.dialogs.addFromSession(this.session());
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
