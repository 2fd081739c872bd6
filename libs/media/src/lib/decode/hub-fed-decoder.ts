import { type ChildProcessRegistry, MediaProcess } from '@camrec/process';
import type { HubSubscription, InitPacket } from '../hub/hub-types';
import type { StreamHub } from '../hub/stream-hub';

export interface HubFedDecoderOptions {
  /** Process and subscription name, e.g. "preview sess-1" or "motion sess-1". */
  name: string;
  /** What the decoder is called in error messages and stop reasons, e.g. "preview decoder". */
  label: string;
  ffmpegPath: string;
  /** ffmpeg arguments reading fMP4 on stdin (pipe:0) and writing frames to stdout. */
  args: string[];
  /** The session's fMP4 hub. */
  source: StreamHub;
  /** Bound of the decoder's queue on the source hub. */
  maxQueueBytes: number;
  registry?: ChildProcessRegistry;
  /**
   * Makes the stdout reader of each ffmpeg started (one per stream generation or crash), so
   * the reader's partial-frame state never spans two processes.
   */
  readOutput: (decoder: MediaProcess) => (chunk: Buffer) => void;
  onError?: (message: string) => void;
  /** A new ffmpeg replaced an earlier one: the camera came back with a new stream, or it crashed. */
  onRestart?: () => void;
  /** Called once, when stopped, with why: stop's reason or the source's end reason. */
  onStopped?: (reason: string) => void;
}

/**
 * One ffmpeg fed from a session's stream hub: the fMP4 init segment and fragments go to its
 * stdin, the caller's reader gets its stdout. It subscribes with the keyframe policy, so a slow
 * decode skips to the next keyframe instead of lagging, and it stops by itself when the source
 * ends.
 */
export class HubFedDecoder {
  private readonly subscription: HubSubscription;
  private decoder: MediaProcess | null = null;
  private decoderGeneration = -1;
  private fedAt = 0;
  private stopping: Promise<void> | null = null;
  private readonly pumping: Promise<void>;

  constructor(private readonly options: HubFedDecoderOptions) {
    this.subscription = options.source.subscribe({
      name: options.name,
      policy: 'keyframe',
      maxQueueBytes: options.maxQueueBytes,
    });
    this.pumping = this.pump();
  }

  get running(): boolean {
    return this.stopping === null;
  }

  /**
   * When the newest fragment given to ffmpeg arrived (0 before any): a decoded frame is at most
   * that recent, so this dates it without the decoder's delay.
   */
  get lastFedAt(): number {
    return this.fedAt;
  }

  stop(reason = `${this.options.label} stopped`): Promise<void> {
    this.stopping ??= (async () => {
      this.subscription.close();
      // Stop the decoder first: the pump may be waiting for it to drain stdin.
      await this.stopDecoder();
      await this.pumping;
      await this.stopDecoder();
      this.options.onStopped?.(reason);
    })();
    return this.stopping;
  }

  private async pump(): Promise<void> {
    let init: InitPacket | null = null;
    let needKeyframe = true;
    try {
      for await (const packet of this.subscription) {
        if (packet.type === 'init') {
          init = packet;
          needKeyframe = true;
          continue;
        }
        if (packet.type !== 'fragment' || !init) continue;
        // ffmpeg's mp4 demuxer reads one init segment per stream: a new generation (the
        // camera came back changed) or a crashed decoder needs a fresh process.
        if (!this.decoder?.running || this.decoderGeneration !== init.generation) {
          if (!packet.keyframe) continue;
          await this.stopDecoder();
          if (this.stopping) break;
          if (this.decoderGeneration !== -1) this.options.onRestart?.();
          this.startDecoder(init);
          needKeyframe = false;
        }
        if (needKeyframe && !packet.keyframe) continue;
        needKeyframe = false;
        this.fedAt = packet.receivedAt;
        await this.write(packet.data);
      }
    } catch (error) {
      this.options.onError?.(`${this.options.label} input failed: ${(error as Error).message}`);
    }
    // The source ended (session closed): stop with the same reason.
    if (!this.stopping) {
      void this.stop(this.subscription.endReason ?? `${this.options.label} source ended`);
    }
  }

  private startDecoder(init: InitPacket): void {
    const { label } = this.options;
    const decoder = MediaProcess.spawn({
      name: this.options.name,
      command: this.options.ffmpegPath,
      args: this.options.args,
      registry: this.options.registry,
      stdinIsInput: true,
    });
    decoder.stdout.on('data', this.options.readOutput(decoder));
    void decoder.exited.then((exit) => {
      if (this.decoder !== decoder || this.stopping) return;
      if (exit.spawnError) {
        // Respawning at every keyframe would not help: ffmpeg is missing or not executable.
        this.options.onError?.(`${label} could not start: ${exit.spawnError.message}`);
        void this.stop(`${label} could not start`);
      } else if (exit.code !== 0) {
        const why = decoder.stderrTail().at(-1) ?? `exit code ${exit.code}`;
        this.options.onError?.(`${label} exited: ${why}`);
      }
    });
    this.decoder = decoder;
    this.decoderGeneration = init.generation;
    decoder.stdin.write(init.data);
  }

  /** Waits for stdin to drain, so a slow decoder is felt as backpressure on the subscription. */
  private async write(data: Buffer): Promise<void> {
    const decoder = this.decoder;
    if (!decoder?.running || decoder.stdin.writableEnded) return;
    if (decoder.stdin.write(data)) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        decoder.stdin.off('drain', done);
        resolve();
      };
      decoder.stdin.once('drain', done);
      void decoder.exited.then(done);
    });
  }

  private async stopDecoder(): Promise<void> {
    const decoder = this.decoder;
    this.decoder = null;
    await decoder?.stop({ quitTimeoutMs: 1000, termTimeoutMs: 2000 });
  }
}
