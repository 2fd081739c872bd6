import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { PreRollRing, type PreRollSource } from '@camrec/media';
import type { RecordableHub, SegmentPreRoll } from '@camrec/recording';
import type { PreRollInfo } from '@camrec/shared-types';
import { AppConfig } from '../config/app-config';
import type { Subscription } from 'rxjs';
import type { SessionEntry } from '../session/session-entry';
import { SessionEvents } from '../session/session-events';
import { SessionService } from '../session/session.service';

/**
 * The longest pre-roll anyone may ask for (settings and /record/start). The ring keeps the GOP
 * that covers the start of its window, so it holds at most this plus one GOP.
 */
export const MAX_PRE_ROLL_S = 30;

/** Where a session's clips take their pre-roll from: a PreRollRing or a SegmentPreRoll. */
interface RecentPast {
  sourceBefore(anchor: number, preRollS: number): PreRollSource;
}

export interface PreRollStart {
  /** What the recording subscribes to: the ring's past then live, or the plain hub. */
  hub: RecordableHub;
  /** Null when no pre-roll was asked for. */
  preRoll: PreRollInfo | null;
}

/**
 * The recent past of every session, from open to close, for the pre-roll of motion clips and
 * manual recordings: a ring of its video in memory, except while the session is recorded
 * continuously (H.264/H.265), whose past is in its segments already: the ring then goes, and
 * clips read their pre-roll back from the segments (see SegmentPreRoll). At 8 Mbit/s a ring is
 * 30 MB, the most of what a continuously recorded camera cost in memory.
 */
@Injectable()
export class PreRollService implements OnModuleDestroy {
  private readonly open = new Map<string, SessionEntry>();
  private readonly rings = new Map<string, PreRollRing>();
  /** Sessions recorded continuously: their recorder's past. */
  private readonly segments = new Map<string, SegmentPreRoll>();
  private readonly subscriptions: Subscription[];

  constructor(
    private readonly config: AppConfig,
    private readonly sessions: SessionService,
    events: SessionEvents,
  ) {
    this.subscriptions = [
      events.opened.subscribe((entry) => {
        this.open.set(entry.id, entry);
        this.startRing(entry);
      }),
      events.closing.subscribe(({ entry, waitUntil }) => {
        this.open.delete(entry.id);
        this.segments.delete(entry.id);
        const ring = this.rings.get(entry.id);
        this.rings.delete(entry.id);
        if (ring) waitUntil(ring.stop());
      }),
    ];
  }

  /** The session is recorded continuously: its clips take their pre-roll from `past`. */
  recordedContinuously(sessionId: string, past: SegmentPreRoll): void {
    if (!this.open.has(sessionId)) return;
    this.segments.set(sessionId, past);
    const ring = this.rings.get(sessionId);
    this.rings.delete(sessionId);
    void ring?.stop();
  }

  /** The recorder of `past` ended: the session has a ring again (its past from now on). */
  notRecordedContinuously(sessionId: string, past: SegmentPreRoll): void {
    if (this.segments.get(sessionId) !== past) return;
    this.segments.delete(sessionId);
    const entry = this.open.get(sessionId);
    if (entry && !this.rings.has(sessionId)) this.startRing(entry);
  }

  onModuleDestroy(): void {
    for (const subscription of this.subscriptions) subscription.unsubscribe();
  }

  /** A recording's source starting `preRollS` before `anchor` (wall-clock ms). */
  start(sessionId: string, preRollS: number, anchor = Date.now()): PreRollStart {
    const entry = this.sessions.get(sessionId);
    const past = this.pastOf(sessionId);
    if (!past || preRollS <= 0) return { hub: entry.camera.hub, preRoll: null };
    const source = past.sourceBefore(anchor, preRollS);
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
    const past = this.pastOf(sessionId);
    if (!past || preRollS <= 0) return null;
    const delivery = past.sourceBefore(Date.now(), preRollS).delivery;
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

  private pastOf(sessionId: string): RecentPast | undefined {
    return this.segments.get(sessionId) ?? this.rings.get(sessionId);
  }

  private startRing(entry: SessionEntry): void {
    const ring = new PreRollRing(entry.camera.hub, {
      name: `pre-roll ${entry.id}`,
      maxBytes: this.config.pre_roll_ring_mb * 1024 * 1024,
      maxAgeMs: MAX_PRE_ROLL_S * 1000,
    });
    this.rings.set(entry.id, ring);
  }
}

/** "pre-roll 4 s asked, 4.8 s delivered: keyframes every 2 s" */
export function describePreRoll(info: PreRollInfo): string {
  const why =
    info.keyframe_interval_s === null ? '' : `: keyframes every ${info.keyframe_interval_s} s`;
  return `pre-roll ${info.asked_s} s asked, ${info.delivered_s} s delivered${why}`;
}
