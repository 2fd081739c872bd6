import type { Mp4Packet, Mp4PacketSource } from '../fragment-writer';

/** A hand-fed packet source for writer tests: push packets, end it, or fail it. */
export class PushSource implements Mp4PacketSource {
  endReason: string | null = null;
  closed = false;
  private readonly queue: Mp4Packet[] = [];
  private failure: Error | null = null;
  private ended = false;
  private wake: (() => void) | null = null;

  push(...packets: Mp4Packet[]): void {
    this.queue.push(...packets);
    this.notify();
  }

  /** The stream ended by itself (e.g. the session closed). */
  finish(reason: string): void {
    this.endReason = reason;
    this.ended = true;
    this.notify();
  }

  fail(error: Error): void {
    this.failure = error;
    this.notify();
  }

  /** Like a hub subscription: what was pushed before is still delivered. */
  end(): void {
    this.ended = true;
    this.notify();
  }

  close(): void {
    this.closed = true;
    this.queue.length = 0;
    this.notify();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Mp4Packet> {
    for (;;) {
      if (this.failure) throw this.failure;
      const packet = this.queue.shift();
      if (packet) yield packet;
      else if (this.ended || this.closed) return;
      else await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }
}
