import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { PreRollRing } from '@camrec/media';
import type { RecordableHub } from '@camrec/recording';
import type { PreRollInfo } from '@camrec/shared-types';
import { AppConfig } from '../config/app-config';
import type { Subscription } from 'rxjs';
import { SessionEvents } from '../session/session-events';
import { SessionService } from '../session/session.service';

/**
 * The longest pre-roll anyone may ask for (settings and /record/start). The ring keeps the GOP
 * that covers the start of its window, so it holds at most this plus one GOP.
 */
const MAX_PRE_ROLL_S = 30;

export interface PreRollStart {
  /** What the recording subscribes to: the ring's past then live, or the plain hub. */
  hub: RecordableHub;
  /** Null when no pre-roll was asked for. */
  preRoll: PreRollInfo | null;
}

/** One pre-roll ring per session, from open to close, for motion clips and manual recordings. */
@Injectable()
export class PreRollService implements OnModuleDestroy {
  private readonly rings = new Map<string, PreRollRing>();
  private readonly subscriptions: Subscription[];

  constructor(
    private readonly config: AppConfig,
    private readonly sessions: SessionService,
    events: SessionEvents,
  ) {
    this.subscriptions = [
      events.opened.subscribe((entry) => {
        const ring = new PreRollRing(entry.camera.hub, {
          name: `pre-roll ${entry.id}`,
          maxBytes: this.config.pre_roll_ring_mb * 1024 * 1024,
          maxAgeMs: MAX_PRE_ROLL_S * 1000,
        });
        this.rings.set(entry.id, ring);
      }),
      events.closing.subscribe(({ entry, waitUntil }) => {
        const ring = this.rings.get(entry.id);
        this.rings.delete(entry.id);
        if (ring) waitUntil(ring.stop());
      }),
    ];
  }

  onModuleDestroy(): void {
    for (const subscription of this.subscriptions) subscription.unsubscribe();
  }

  /** A recording's source starting `preRollS` before `anchor` (wall-clock ms). */
  start(sessionId: string, preRollS: number, anchor = Date.now()): PreRollStart {
    const entry = this.sessions.get(sessionId);
    const ring = this.rings.get(sessionId);
    if (!ring || preRollS <= 0) return { hub: entry.camera.hub, preRoll: null };
    const source = ring.sourceBefore(anchor, preRollS);
    const preRoll: PreRollInfo = {
      asked_s: preRollS,
      get delivered_s() {
        // The source may still find that the past does not join the live stream.
        return source.delivery.deliveredS;
      },
      keyframe_interval_s: source.delivery.keyframeIntervalS,
    };
    return { hub: source, preRoll };
  }

  /** What a clip asking for `preRollS` now would get, in words; null before it is known. */
  note(sessionId: string, preRollS: number): string | null {
    const ring = this.rings.get(sessionId);
    if (!ring || preRollS <= 0) return null;
    const delivery = ring.sourceBefore(Date.now(), preRollS).delivery;
    return describePreRoll({
      asked_s: delivery.askedS,
      delivered_s: delivery.deliveredS,
      keyframe_interval_s: delivery.keyframeIntervalS,
    });
  }

  /** Bytes held by all rings (for the figures). */
  heldBytes(): number {
    return [...this.rings.values()].reduce((sum, ring) => sum + ring.size, 0);
  }
}

/** "pre-roll 4 s asked, 4.8 s delivered: keyframes every 2 s" */
export function describePreRoll(info: PreRollInfo): string {
  const why =
    info.keyframe_interval_s === null ? '' : `: keyframes every ${info.keyframe_interval_s} s`;
  return `pre-roll ${info.asked_s} s asked, ${info.delivered_s} s delivered${why}`;
}
