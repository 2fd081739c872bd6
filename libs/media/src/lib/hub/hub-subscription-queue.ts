import { HubOverflowError } from './hub-overflow-error';
import type {
  HubPacket,
  HubSubscription,
  OverflowPolicy,
  SubscribeOptions,
  SubscriptionStats,
} from './hub-types';

interface Waiter {
  resolve(result: IteratorResult<HubPacket>): void;
  reject(error: Error): void;
}

/**
 * The bounded queue behind one subscription. `offer` is called synchronously by the hub for
 * every packet and applies the overflow policy; the consumer pulls with `for await`.
 */
export class HubSubscriptionQueue implements HubSubscription {
  readonly name: string;
  readonly policy: OverflowPolicy;
  private readonly maxQueueBytes: number;
  private queue: HubPacket[] = [];
  private queuedBytes = 0;
  private delivered = 0;
  private skipped = 0;
  /** A decoder can only start at a sync sample: true after joining, a new init or a gap. */
  private needKeyframe = true;
  private waiters: Waiter[] = [];
  private failure: Error | null = null;
  private finished = false;
  private reason: string | null = null;

  constructor(
    options: SubscribeOptions,
    private readonly detach: (subscription: HubSubscriptionQueue) => void,
  ) {
    this.name = options.name;
    this.policy = options.policy;
    this.maxQueueBytes = options.maxQueueBytes;
  }

  get endReason(): string | null {
    return this.reason;
  }

  stats(): SubscriptionStats {
    return {
      delivered: this.delivered,
      skipped: this.skipped,
      queuedBytes: this.queuedBytes,
      oldestQueuedAt: this.oldestQueuedAt(),
    };
  }

  private oldestQueuedAt(): number | null {
    // Init packets carry no arrival time: the first packet that does is the oldest.
    for (const packet of this.queue) {
      if (packet.type === 'fragment') return packet.receivedAt;
      if (packet.type === 'jpeg') return packet.capturedAt;
    }
    return null;
  }

  offer(packet: HubPacket): void {
    if (this.finished) return;
    if (packet.type === 'init') {
      this.needKeyframe = true;
    } else if (packet.type === 'fragment') {
      if (this.needKeyframe && !packet.keyframe) {
        this.skipped++;
        return;
      }
      if (packet.keyframe) this.needKeyframe = false;
    }
    if (this.policy === 'latest' && packet.type === 'jpeg') this.dropMedia();
    if (this.queuedBytes + packet.data.length > this.maxQueueBytes && this.queue.length > 0) {
      if (this.policy === 'lossless') {
        this.fail(new HubOverflowError(this.name, this.maxQueueBytes));
        return;
      }
      this.dropMedia();
      if (packet.type === 'fragment' && !packet.keyframe) {
        this.needKeyframe = true;
        this.skipped++;
        return;
      }
    }
    this.queue.push(packet);
    this.queuedBytes += packet.data.length;
    this.wake();
  }

  /** The hub ended: deliver what is queued, then finish. */
  finish(reason: string): void {
    if (this.finished) return;
    this.finished = true;
    this.reason = reason;
    this.wake();
  }

  end(): void {
    if (this.finished) return;
    this.finished = true;
    this.detach(this);
    this.wake();
  }

  close(): void {
    if (this.finished && this.queue.length === 0) return;
    this.finished = true;
    this.clear();
    this.wake();
    this.detach(this);
  }

  [Symbol.asyncIterator](): AsyncIterator<HubPacket> {
    return {
      next: () => this.next(),
      return: async () => {
        this.close();
        return { value: undefined, done: true };
      },
    };
  }

  private next(): Promise<IteratorResult<HubPacket>> {
    if (this.failure) return Promise.reject(this.failure);
    const packet = this.take();
    if (packet) return Promise.resolve({ value: packet, done: false });
    if (this.finished) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  private take(): HubPacket | undefined {
    const packet = this.queue.shift();
    if (packet) {
      this.queuedBytes -= packet.data.length;
      this.delivered++;
    }
    return packet;
  }

  private wake(): void {
    for (let waiter = this.waiters.shift(); waiter; waiter = this.waiters.shift()) {
      const packet = this.failure ? undefined : this.take();
      if (this.failure) waiter.reject(this.failure);
      else if (packet) waiter.resolve({ value: packet, done: false });
      else if (this.finished) waiter.resolve({ value: undefined, done: true });
      else {
        this.waiters.unshift(waiter);
        return;
      }
    }
  }

  /** Overflow: drop queued media but keep the latest init, which later fragments need. */
  private dropMedia(): void {
    let lastInit: HubPacket | undefined;
    for (const packet of this.queue) {
      if (packet.type === 'init') lastInit = packet;
      else this.skipped++;
    }
    this.clear();
    if (lastInit) {
      this.queue.push(lastInit);
      this.queuedBytes = lastInit.data.length;
    }
  }

  private fail(error: Error): void {
    this.failure = error;
    this.finished = true;
    this.clear();
    this.wake();
    this.detach(this);
  }

  private clear(): void {
    this.queue = [];
    this.queuedBytes = 0;
  }
}
