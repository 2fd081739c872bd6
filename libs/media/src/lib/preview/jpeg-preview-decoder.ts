import { buildJpegPreviewArgs } from '../ingest/ffmpeg-args';
import type { HubSubscription, InitPacket } from '../hub/hub-types';
import { StreamHub } from '../hub/stream-hub';
import { JpegSplitter } from '../mjpeg/jpeg-splitter';
import type { ChildProcessRegistry } from '../process/child-process-registry';
import { MediaProcess } from '../process/media-process';

export interface JpegPreviewDecoderOptions {
  /** Process name in the registry, e.g. "preview sess-1". */
  name: string;
  ffmpegPath: string;
  /** The session's fMP4 hub. */
  source: StreamHub;
  /** 1 (smallest) to 100 (best). */
  jpegQuality: number;
  /** Longest preview width in pixels; null or absent keeps the camera's size. */
  maxWidth?: number | null;
  registry?: ChildProcessRegistry;
  /** Bound of the decoder's queue on the source hub (default 4 MiB). */
  maxQueueBytes?: number;
  onError?: (message: string) => void;
}

/**
 * JPEG frames for JPEG viewers of an H.264/H.265 camera: an ffmpeg decodes the session's fMP4
 * (init + fragments on stdin) and its JPEGs are fanned out by `hub`. The caller starts one when
 * the first JPEG viewer arrives and stops it when the last one leaves. The decoder subscribes
 * with the keyframe policy, so a slow decode skips to the next keyframe instead of lagging.
 */
export class JpegPreviewDecoder {
  /** JPEG packets, one per decoded frame. */
  readonly hub = new StreamHub();
  private readonly subscription: HubSubscription;
  private decoder: MediaProcess | null = null;
  private decoderGeneration = -1;
  private seq = 0;
  private stopping: Promise<void> | null = null;
  private readonly pumping: Promise<void>;

  private constructor(private readonly options: JpegPreviewDecoderOptions) {
    this.subscription = options.source.subscribe({
      name: options.name,
      policy: 'keyframe',
      maxQueueBytes: options.maxQueueBytes ?? 4 * 1024 * 1024,
    });
    this.pumping = this.pump();
  }

  static start(options: JpegPreviewDecoderOptions): JpegPreviewDecoder {
    return new JpegPreviewDecoder(options);
  }

  get running(): boolean {
    return this.stopping === null;
  }

  /** Stops the decoder; JPEG viewers see their stream end with `reason`. */
  stop(reason = 'preview stopped'): Promise<void> {
    this.stopping ??= (async () => {
      this.subscription.close();
      // Stop the decoder first: the pump may be waiting for it to drain stdin.
      await this.stopDecoder();
      await this.pumping;
      await this.stopDecoder();
      this.hub.end(reason);
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
          this.startDecoder(init);
          needKeyframe = false;
        }
        if (needKeyframe && !packet.keyframe) continue;
        needKeyframe = false;
        await this.write(packet.data);
      }
    } catch (error) {
      this.options.onError?.(`preview decoder input failed: ${(error as Error).message}`);
    }
    // The source ended (session closed): end the preview with the same reason.
    if (!this.stopping) void this.stop(this.subscription.endReason ?? 'preview source ended');
  }

  private startDecoder(init: InitPacket): void {
    const decoder = MediaProcess.spawn({
      name: this.options.name,
      command: this.options.ffmpegPath,
      args: buildJpegPreviewArgs({
        jpegQuality: this.options.jpegQuality,
        maxWidth: this.options.maxWidth,
      }),
      registry: this.options.registry,
      stdinIsInput: true,
    });
    const splitter = new JpegSplitter();
    let unreadable = false;
    decoder.stdout.on('data', (chunk: Buffer) => {
      if (unreadable) return;
      let frames: Buffer[];
      try {
        frames = splitter.push(chunk);
      } catch (error) {
        // Never an uncaught exception: this decoder goes, the next keyframe starts a new one.
        unreadable = true;
        this.options.onError?.(`preview decoder output unreadable: ${(error as Error).message}`);
        void decoder.stop({ quitTimeoutMs: 0, termTimeoutMs: 2000 });
        return;
      }
      for (const frame of frames) {
        this.hub.publish({ type: 'jpeg', data: frame, capturedAt: Date.now(), seq: this.seq++ });
      }
    });
    void decoder.exited.then((exit) => {
      if (this.decoder !== decoder || this.stopping) return;
      if (exit.spawnError) {
        // Respawning at every keyframe would not help: ffmpeg is missing or not executable.
        this.options.onError?.(`preview decoder could not start: ${exit.spawnError.message}`);
        void this.stop('preview decoder could not start');
      } else if (exit.code !== 0) {
        const why = decoder.stderrTail().at(-1) ?? `exit code ${exit.code}`;
        this.options.onError?.(`preview decoder exited: ${why}`);
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
