import type { Readable } from 'node:stream';
import { bufferView } from '@camrec/media';
import { Fmp4StreamParser } from '@camrec/mp4';
import type { Mp4Packet, Mp4PacketSource } from './fragment-writer';

/** Above this many queued bytes ffmpeg's stdout is paused (it then waits, nothing is lost). */
const HIGH_WATER_BYTES = 8 * 1024 * 1024;

/**
 * Turns an encoder's fragmented-MP4 stdout into init and fragment packets for the
 * FragmentWriter. Backpressure goes to ffmpeg through the pipe; `close()` keeps draining
 * (and discarding) so that an encoder asked to finish never blocks on a full pipe.
 */
export class EncoderOutput implements Mp4PacketSource {
  readonly endReason = null;
  private readonly parser = new Fmp4StreamParser();
  private readonly queue: Mp4Packet[] = [];
  private queuedBytes = 0;
  private ended = false;
  /** Nothing more is taken from the encoder (what is queued is still delivered). */
  private inputEnded = false;
  private failure: Error | null = null;
  private wake: (() => void) | null = null;

  constructor(private readonly stdout: Readable) {
    stdout.on('data', (chunk: Buffer) => this.onData(chunk));
    stdout.once('end', () => this.finish());
    stdout.once('close', () => this.finish());
  }

  end(): void {
    this.inputEnded = true;
    this.stdout.resume();
    this.notify();
  }

  close(): void {
    this.inputEnded = true;
    this.queue.length = 0;
    this.queuedBytes = 0;
    this.stdout.resume();
    this.notify();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Mp4Packet> {
    for (;;) {
      if (this.failure) throw this.failure;
      const packet = this.queue.shift();
      if (packet) {
        this.queuedBytes -= packet.data.length;
        if (this.queuedBytes < HIGH_WATER_BYTES / 2) this.stdout.resume();
        yield packet;
        continue;
      }
      if (this.ended || this.inputEnded) return;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  private onData(chunk: Buffer): void {
    if (this.inputEnded) return;
    try {
      for (const segment of this.parser.push(chunk)) {
        this.queue.push({ type: segment.type, data: bufferView(segment.data) });
        this.queuedBytes += segment.data.length;
      }
    } catch (error) {
      this.failure = error as Error;
      this.close();
      return;
    }
    if (this.queuedBytes > HIGH_WATER_BYTES) this.stdout.pause();
    this.notify();
  }

  private finish(): void {
    this.ended = true;
    this.notify();
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }
}
