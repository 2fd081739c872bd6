import { Injectable, signal } from '@angular/core';
import type { StreamMotionMessage } from '@camrec/shared-types';
import type {
  DelayKind,
  LiveElements,
  LiveSource,
  LiveState,
} from '../app/live/player/live-player';
import type { DecoderKind } from '../app/live/player/live-renderer';

/** Stands in for the player: jsdom has no WebCodecs, MSE or canvas to play with. */
@Injectable()
export class FakeLivePlayer {
  readonly state = signal<LiveState>('connecting');
  readonly decoder = signal<DecoderKind | null>(null);
  readonly fps = signal(0);
  readonly frames = signal(0);
  readonly resolution = signal<{ width: number; height: number } | null>(null);
  readonly delayMs = signal<number | null>(null);
  readonly delayKind = signal<DelayKind | null>(null);
  readonly notice = signal<string | null>(null);
  readonly motion = signal<StreamMotionMessage | null>(null);
  started: [LiveElements, LiveSource] | null = null;
  muted = true;
  start(elements: LiveElements, source: LiveSource) {
    this.started = [elements, source];
  }
  setMuted(muted: boolean) {
    this.muted = muted;
  }
}
