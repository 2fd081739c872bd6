import { Injectable } from '@angular/core';
import { LivePlayer, type LiveElements, type LiveSource } from '../app/live/player/live-player';

/**
 * Stands in for the player: jsdom has no WebCodecs, MSE or canvas to play with. It has the
 * player's signals (tests set them) and only records what it is asked to do.
 */
@Injectable()
export class FakeLivePlayer extends LivePlayer {
  started: [LiveElements, LiveSource] | null = null;
  mutedAsked = true;

  override start(elements: LiveElements, source: LiveSource): void {
    this.started = [elements, source];
  }

  override setMuted(muted: boolean): void {
    this.mutedAsked = muted;
  }
}
