import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import type { SessionListItem } from '@camrec/shared-types';
import { LivePicture, shownLiveState } from './live-picture';
import { LivePlayer } from './player/live-player';

/**
 * A live picture with a player of its own, for places that show a session without its tile
 * (a saved camera's tile, its full-screen view, the add form's preview). A player plays one
 * session for its whole life: give each session its own LiveStream (`track` its id).
 * The host attributes are the ones browser tests read on session tiles.
 */
@Component({
  selector: 'cr-live-stream',
  imports: [LivePicture],
  providers: [LivePlayer],
  template: `<cr-live-picture [session]="session()" [fill]="fill()" />`,
  styles: `
    :host {
      display: block;
    }
    :host(.fill) {
      height: 100%;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: {
    '[class.fill]': 'fill()',
    '[attr.data-session-id]': 'session().session_id',
    '[attr.data-state]': 'state()',
    '[attr.data-decoder]': 'player.decoder()',
    '[attr.data-frames]': 'player.frames()',
  },
})
export class LiveStream {
  protected readonly player = inject(LivePlayer);
  readonly session = input.required<SessionListItem>();
  readonly fill = input(false);
  protected readonly state = computed(() =>
    shownLiveState(this.session().state, this.player.state()),
  );
}
