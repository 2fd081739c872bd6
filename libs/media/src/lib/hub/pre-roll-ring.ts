import type {
  FragmentPacket,
  HubPacket,
  HubSubscription,
  InitPacket,
  JpegPacket,
  SubscribeOptions,
  SubscriptionStats,
} from './hub-types';
import type { StreamHub } from './stream-hub';

export interface PreRollRingOptions {
  /** Subscription name, e.g. "pre-roll sess-1". */
  name: string;
  /** Bound of the ring in bytes; whole GOPs are dropped from the oldest end to stay under it. */
  maxBytes: number;
  /** GOPs that start longer ago than this (and are not needed for it) are dropped. */
  maxAgeMs: number;
}

/** What a recording started with pre-roll really got. */
export interface PreRollDelivery {
  askedS: number;
  deliveredS: number;
  /** Mean seconds between keyframes in the ring; null when it holds fewer than two. */
  keyframeIntervalS: number | null;
}

/** A subscribable source for a recording: the ring's past, then the hub's present. */
export interface PreRollSource {
  subscribe(options: SubscribeOptions): HubSubscription;
  readonly delivery: PreRollDelivery;
}

/** One decodable run: a keyframe fragment and what follows it, or one JPEG. */
interface Gop {
  startedAt: number;
  packets: (FragmentPacket | JpegPacket)[];
  bytes: number;
}

/** The ring's queue on the hub: small, because it keeps pace with the ingest. */
const RING_QUEUE_BYTES = 8 * 1024 * 1024;

/**
 * Recent fragments of one session, whole GOPs only, bounded in bytes and age, so a recording
 * can start before the moment it was asked for: from the keyframe at or before that moment.
 * A clip cannot start between keyframes, so the delivered pre-roll is usually a little longer
 * than asked; `PreRollDelivery` says by how much.
 */
export class PreRollRing {
  private readonly subscription: HubSubscription;
  private readonly pumping: Promise<void>;
  private init: InitPacket | null = null;
  private gops: Gop[] = [];
  private bytes = 0;
  private lastSeq = -1;

  constructor(
    private readonly hub: StreamHub,
    private readonly options: PreRollRingOptions,
  ) {
    this.subscription = hub.subscribe({
      name: options.name,
      policy: 'keyframe',
      maxQueueBytes: RING_QUEUE_BYTES,
    });
    this.pumping = this.pump();
  }

  /** Bytes held. */
  get size(): number {
    return this.bytes;
  }

  /** Seconds of the past the ring can give, from its oldest keyframe to now. */
  spanS(now = Date.now()): number {
    return this.gops.length ? (now - this.gops[0].startedAt) / 1000 : 0;
  }

  /**
   * A source that replays the ring from the keyframe at or before `preRollS` seconds before
   * `anchor` (wall-clock ms, e.g. when motion began), then continues live without a gap or a
   * repeated fragment.
   */
  sourceBefore(anchor: number, preRollS: number): PreRollSource {
    const delivery: PreRollDelivery = { askedS: preRollS, deliveredS: 0, keyframeIntervalS: null };
    const snapshot = () => {
      const start = pastStart(this.gops, anchor, preRollS, delivery);
      return start === null ? [] : this.gops.slice(start).flatMap((gop) => gop.packets);
    };
    snapshot();
    return {
      delivery,
      // The past is taken when the recording subscribes, so that it joins the live stream.
      subscribe: (options) => {
        const past = snapshot();
        const live = this.hub.subscribe(options);
        return new PreRollSubscription(live, this.init, past, this.lastSeq, delivery);
      },
    };
  }

  stop(): Promise<void> {
    this.subscription.close();
    return this.pumping;
  }

  private async pump(): Promise<void> {
    try {
      for await (const packet of this.subscription) this.remember(packet);
    } catch {
      // The hub ended or the ring was stopped: nothing left to remember.
    }
    this.clear();
  }

  private remember(packet: HubPacket): void {
    if (packet.type === 'init') {
      // A new stream: fragments of the old one cannot follow its init segment.
      this.init = packet;
      this.clear();
      return;
    }
    const seq = packet.seq;
    const gap = this.lastSeq >= 0 && seq !== this.lastSeq + 1;
    this.lastSeq = seq;
    if (packet.type === 'jpeg') {
      this.push({ startedAt: packet.capturedAt, packets: [packet], bytes: packet.data.length });
    } else if (packet.keyframe) {
      this.push({ startedAt: packet.receivedAt, packets: [packet], bytes: packet.data.length });
    } else if (gap || this.gops.length === 0) {
      // The ring fell behind (its queue skipped): what it holds no longer joins up.
      this.clear();
      return;
    } else {
      const gop = this.gops[this.gops.length - 1];
      gop.packets.push(packet);
      gop.bytes += packet.data.length;
      this.bytes += packet.data.length;
    }
    if (gap && packet.type === 'fragment') this.dropAllButNewest();
    this.trim(Date.now());
  }

  private push(gop: Gop): void {
    this.gops.push(gop);
    this.bytes += gop.bytes;
  }

  private trim(now: number): void {
    // Keep the newest GOP whole even when it alone is over the bound: it is what joins.
    while (this.gops.length > 1 && this.bytes > this.options.maxBytes) this.dropOldest();
    // The oldest GOP stays while the next one starts inside the age window: it covers its start.
    while (this.gops.length > 1 && this.gops[1].startedAt <= now - this.options.maxAgeMs) {
      this.dropOldest();
    }
  }

  private dropOldest(): void {
    const gop = this.gops.shift();
    if (gop) this.bytes -= gop.bytes;
  }

  private dropAllButNewest(): void {
    while (this.gops.length > 1) this.dropOldest();
  }

  private clear(): void {
    this.gops = [];
    this.bytes = 0;
  }
}

/** The packets a pre-roll replays before it joins the live stream. */
export type PreRollPast = (FragmentPacket | JpegPacket)[];

/**
 * The past's packets first, then the live subscription's, skipping what the past already gave
 * (the live join repeats the current GOP). If the live stream does not join up with the past
 * (the ring was behind by more than a GOP), or the past cannot be read, it is left out rather
 * than leaving a hole.
 */
export class PreRollSubscription implements HubSubscription {
  readonly name: string;
  readonly policy;
  private replay: HubPacket[] | null = null;

  /**
   * @param past the packets, or their reading; a reading that fails gives no past.
   * @param pastLastSeq the hub's sequence number of the past's last packet.
   */
  constructor(
    private readonly live: HubSubscription,
    private readonly init: InitPacket | null,
    private readonly past: PreRollPast | Promise<PreRollPast>,
    private readonly pastLastSeq: number,
    private readonly delivery: PreRollDelivery,
  ) {
    this.name = live.name;
    this.policy = live.policy;
  }

  get endReason(): string | null {
    return this.live.endReason;
  }

  stats(): SubscriptionStats {
    return this.live.stats();
  }

  close(): void {
    this.live.close();
  }

  /** Ends the live part as the hub does: what is queued is still delivered, then nothing. */
  end(): void {
    this.live.end();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<HubPacket> {
    const iterator = this.live[Symbol.asyncIterator]();
    // Meanwhile the live subscription queues what arrives.
    const past = await Promise.resolve(this.past).catch((): PreRollPast => []);
    if (past.length === 0) this.delivery.deliveredS = 0;
    let joined = past.length === 0;
    /** Live packets up to this sequence number were given from the ring already. */
    let givenThrough = -1;
    for (;;) {
      const next = await iterator.next();
      if (next.done) {
        // Ended before any live media came: the past is all the clip has.
        if (!joined && this.init) yield this.init;
        if (!joined) yield* past;
        return;
      }
      const packet = next.value;
      if (!joined) {
        if (packet.type === 'init') {
          // Held until the first media packet shows whether the past joins up.
          this.replay = [packet];
          continue;
        }
        joined = true;
        const sameStream =
          packet.type === 'jpeg' || this.init?.generation === this.liveGeneration();
        if (sameStream && packet.seq <= this.pastLastSeq + 1) {
          if (packet.type !== 'jpeg' && this.init) yield this.init;
          yield* past;
          givenThrough = this.pastLastSeq;
        } else {
          this.delivery.deliveredS = 0;
          yield* this.replay ?? [];
        }
        this.replay = null;
      }
      if (packet.type !== 'init' && packet.seq <= givenThrough) continue;
      yield packet;
    }
  }

  private liveGeneration(): number | undefined {
    const init = this.replay?.[0];
    return init?.type === 'init' ? init.generation : this.init?.generation;
  }
}

/**
 * Where a pre-roll of `preRollS` before `anchor` (wall-clock ms) starts in the recent past's
 * keyframe intervals (oldest first, each by when its keyframe arrived): the one that began at or
 * before, or the oldest when the past does not reach that far; null when there is none. Fills
 * in what `delivery` gets. Shared by the ring and a continuously recorded stream's segments.
 */
export function pastStart(
  gops: readonly { startedAt: number }[],
  anchor: number,
  preRollS: number,
  delivery: PreRollDelivery,
): number | null {
  const since = anchor - preRollS * 1000;
  let start: number | null = gops.length ? 0 : null;
  for (let i = gops.length - 1; i >= 0; i -= 1) {
    if (gops[i].startedAt <= since) {
      start = i;
      break;
    }
  }
  const startedAt = start === null ? anchor : gops[start].startedAt;
  delivery.deliveredS = Math.max(0, Math.round((anchor - startedAt) / 100) / 10);
  delivery.keyframeIntervalS =
    gops.length < 2
      ? null
      : Math.round((gops[gops.length - 1].startedAt - gops[0].startedAt) / (gops.length - 1) / 10) /
        100;
  return start;
}
