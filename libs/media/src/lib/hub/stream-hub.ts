import { HubSubscriptionQueue } from './hub-subscription-queue';
import type {
  FragmentPacket,
  HubPacket,
  HubSubscription,
  InitPacket,
  JpegPacket,
  SubscribeOptions,
  SubscriptionSummary,
} from './hub-types';

export interface StreamHubOptions {
  /** Bound of the cached fragments since the latest keyframe, in bytes (default 16 MiB). */
  maxGopBytes?: number;
}

/**
 * In-process fan-out of one session's packets. `publish` is synchronous and O(subscribers):
 * each subscriber has its own bounded queue, so a slow consumer never slows the ingest or
 * other consumers. A new subscriber starts with the current init segment and the fragments
 * since the latest keyframe (fMP4), or with the latest frame (JPEG).
 */
export class StreamHub {
  private readonly maxGopBytes: number;
  private readonly subscribers = new Set<HubSubscriptionQueue>();
  private init: InitPacket | null = null;
  /** Fragments since the latest keyframe; empty while waiting for one. */
  private gop: FragmentPacket[] = [];
  private gopBytes = 0;
  private latestJpeg: JpegPacket | null = null;
  private reason: string | null = null;

  constructor(options: StreamHubOptions = {}) {
    this.maxGopBytes = options.maxGopBytes ?? 16 * 1024 * 1024;
  }

  get currentInit(): InitPacket | null {
    return this.init;
  }

  get ended(): boolean {
    return this.reason !== null;
  }

  get endReason(): string | null {
    return this.reason;
  }

  get subscriberCount(): number {
    return this.subscribers.size;
  }

  subscriptions(): SubscriptionSummary[] {
    return [...this.subscribers].map((s) => ({ name: s.name, policy: s.policy, ...s.stats() }));
  }

  /** Bytes the hub itself holds for late joiners (GOP cache and latest frame). */
  cachedBytes(): number {
    return this.gopBytes + (this.latestJpeg?.data.length ?? 0) + (this.init?.data.length ?? 0);
  }

  /**
   * What a viewer joining now would get first (the latest JPEG, or the init segment and the
   * fragments since the latest keyframe), without subscribing: enough to decode the picture of
   * this moment (a snapshot). Empty before the first frame.
   */
  latest(): HubPacket[] {
    return this.joinPackets(Infinity);
  }

  publish(packet: HubPacket): void {
    if (this.reason !== null) return;
    this.remember(packet);
    for (const subscriber of this.subscribers) subscriber.offer(packet);
  }

  subscribe(options: SubscribeOptions): HubSubscription {
    if (!(options.maxQueueBytes > 0)) throw new RangeError('maxQueueBytes must be positive');
    const subscription = new HubSubscriptionQueue(options, (s) => this.subscribers.delete(s));
    if (this.reason !== null) {
      subscription.finish(this.reason);
      return subscription;
    }
    for (const packet of this.joinPackets(options.maxQueueBytes)) subscription.offer(packet);
    this.subscribers.add(subscription);
    return subscription;
  }

  /** Finishes every subscription; later publishes are ignored. */
  end(reason: string): void {
    if (this.reason !== null) return;
    this.reason = reason;
    for (const subscriber of this.subscribers) subscriber.finish(reason);
    this.subscribers.clear();
    this.gop = [];
    this.gopBytes = 0;
    this.latestJpeg = null;
  }

  private remember(packet: HubPacket): void {
    switch (packet.type) {
      case 'init':
        this.init = packet;
        this.resetGop();
        break;
      case 'fragment':
        if (packet.keyframe) this.resetGop();
        else if (this.gop.length === 0) break;
        if (this.gopBytes + packet.data.length > this.maxGopBytes) {
          // Too long a GOP to cache: late joiners wait for the next keyframe instead.
          this.resetGop();
          break;
        }
        this.gop.push(packet);
        this.gopBytes += packet.data.length;
        break;
      case 'jpeg':
        this.latestJpeg = packet;
        break;
    }
  }

  /**
   * What a joining viewer gets at once: the init segment and every fragment since the latest
   * keyframe, so it can decode the current picture without waiting up to a GOP for the next
   * keyframe. Those fragments are up to a GOP old; the players do not show them as live: the
   * WebCodecs renderer decodes the burst and paints only its first keyframe and the frames
   * nothing newer waits behind, the MSE renderer starts playback at the newest buffered frame.
   */
  private joinPackets(maxQueueBytes: number): HubPacket[] {
    if (this.latestJpeg) return [this.latestJpeg];
    if (!this.init) return [];
    if (this.init.data.length + this.gopBytes > maxQueueBytes) return [this.init];
    return [this.init, ...this.gop];
  }

  private resetGop(): void {
    this.gop = [];
    this.gopBytes = 0;
  }
}
