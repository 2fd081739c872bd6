import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import type { CameraInfo } from '@camrec/shared-types';
import { LiveStream } from '../live/live-stream';
import { SessionsStore } from '../live/sessions-store';
import { Icon } from '../shared/icon';
import { CameraDialogs } from './camera-dialogs';
import { RECORD_LABELS, motionLabel, stateBadge } from './camera-status';
import { OfflinePeriods } from './offline-periods';

/**
 * One saved camera in the grid: live on its substream when it has one (lighter to decode),
 * its state, what it records and whether it sees motion; full screen, edit and delete.
 */
@Component({
  selector: 'cr-camera-tile',
  imports: [Icon, LiveStream, OfflinePeriods],
  templateUrl: './camera-tile.html',
  styleUrl: './camera-tile.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: {
    '[attr.data-camera-id]': 'camera().id',
    '[attr.data-camera-state]': 'camera().status.state',
  },
})
export class CameraTile {
  private readonly sessions = inject(SessionsStore);
  protected readonly dialogs = inject(CameraDialogs);

  readonly camera = input.required<CameraInfo>();

  protected readonly nameId = computed(() => `camera-name-${this.camera().id}`);
  /**
   * The session the grid plays, as a list of zero or one: a new session (after a restart or a
   * reconnect) gets a new player rather than the old one pointed elsewhere.
   */
  protected readonly gridSession = computed(() => {
    const { status } = this.camera();
    const session = this.sessions.byId(status.substream_session_id ?? status.session_id);
    return session ? [session] : [];
  });
  protected readonly badge = computed(() => stateBadge(this.camera()));
  protected readonly recordLabel = computed(() => RECORD_LABELS[this.camera().record]);
  protected readonly motionActive = computed(() => {
    const { status } = this.camera();
    return [status.session_id, status.substream_session_id].some(
      (id) => this.sessions.byId(id)?.motion.active ?? false,
    );
  });
  protected readonly motionText = computed(() =>
    motionLabel(this.camera().motion.enabled, this.motionActive()),
  );
  protected readonly canShowFull = computed(() => this.camera().status.session_id !== null);

  protected showFull(): void {
    if (this.canShowFull()) this.dialogs.fullView.set(this.camera().id);
  }
}
