import {
  MediaProcess,
  type ChildProcessRegistry,
  type HubSubscription,
  type InitPacket,
  type StreamHub,
} from '@camrec/media';
import { buildGreyDecoderArgs } from './grey-decoder-args';
import type { CvMat, OpenCv } from './opencv';

export interface GreyFrameSourceOptions {
  /** Process and subscription name, e.g. "motion sess-1". */
  name: string;
  cv: OpenCv;
  /** The session's hub: fMP4 (H.264/H.265 cameras) or JPEG (MJPEG cameras). */
  hub: StreamHub;
  sourceType: 'rtsp' | 'mjpeg';
  ffmpegPath: string;
  registry?: ChildProcessRegistry;
  width: number;
  height: number;
  fps: number;
  /** Receives each grey frame (CV_8UC1, width×height) with the wall-clock ms it arrived. */
  onFrame: (frame: CvMat, at: number) => void;
  onError?: (message: string) => void;
  /** Called when the camera restarted with a new stream (the background must be rebuilt). */
  onRestart?: () => void;
}

/** Bound of the decoder's queue on the hub: a slow decode skips to the next keyframe. */
const FMP4_QUEUE_BYTES = 4 * 1024 * 1024;
const JPEG_QUEUE_BYTES = 1024 * 1024;

/**
 * Low-rate grey frames of one session for motion analysis. H.264/H.265: one ffmpeg decodes the
 * hub's fMP4 to raw grey frames (respawned when the camera comes back with a new stream).
 * MJPEG: the camera's JPEGs are decoded by OpenCV directly, at most `fps` per second.
 */
export class GreyFrameSource {
  private readonly subscription: HubSubscription;
  private readonly frameBytes: number;
  private decoder: MediaProcess | null = null;
  private decoderGeneration = -1;
  /**
   * When the newest fragment given to the decoder arrived: a decoded frame is at most that
   * recent, so this dates it without the decoder's and the analysis' delay.
   */
  private lastWrittenAt = 0;
  private stopping: Promise<void> | null = null;
  private readonly pumping: Promise<void>;

  constructor(private readonly options: GreyFrameSourceOptions) {
    this.frameBytes = options.width * options.height;
    const mjpeg = options.sourceType === 'mjpeg';
    this.subscription = options.hub.subscribe({
      name: options.name,
      policy: mjpeg ? 'latest' : 'keyframe',
      maxQueueBytes: mjpeg ? JPEG_QUEUE_BYTES : FMP4_QUEUE_BYTES,
    });
    this.pumping = mjpeg ? this.pumpJpeg() : this.pumpFmp4();
  }

  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.subscription.close();
      await this.stopDecoder();
      await this.pumping;
      await this.stopDecoder();
    })();
    return this.stopping;
  }

  private async pumpJpeg(): Promise<void> {
    const { cv, width, height } = this.options;
    const intervalMs = 1000 / this.options.fps;
    let last = -Infinity;
    try {
      for await (const packet of this.subscription) {
        if (packet.type !== 'jpeg' || packet.capturedAt - last < intervalMs * 0.9) continue;
        last = packet.capturedAt;
        try {
          const decoded = await cv.imdecodeAsync(packet.data, cv.IMREAD_GRAYSCALE);
          this.options.onFrame(await decoded.resizeAsync(height, width), packet.capturedAt);
        } catch (error) {
          this.options.onError?.(`a JPEG frame could not be decoded: ${(error as Error).message}`);
        }
      }
    } catch (error) {
      this.options.onError?.(`motion input failed: ${(error as Error).message}`);
    }
  }

  private async pumpFmp4(): Promise<void> {
    let init: InitPacket | null = null;
    try {
      for await (const packet of this.subscription) {
        if (packet.type === 'init') {
          init = packet;
          continue;
        }
        if (packet.type !== 'fragment' || !init) continue;
        if (!this.decoder?.running || this.decoderGeneration !== init.generation) {
          if (!packet.keyframe) continue;
          await this.stopDecoder();
          if (this.stopping) break;
          if (this.decoderGeneration !== -1) this.options.onRestart?.();
          this.startDecoder(init);
        }
        this.lastWrittenAt = packet.receivedAt;
        await this.write(packet.data);
      }
    } catch (error) {
      this.options.onError?.(`motion input failed: ${(error as Error).message}`);
    }
  }

  private startDecoder(init: InitPacket): void {
    const { cv, width, height } = this.options;
    const decoder = MediaProcess.spawn({
      name: this.options.name,
      command: this.options.ffmpegPath,
      args: buildGreyDecoderArgs(this.options),
      registry: this.options.registry,
      stdinIsInput: true,
    });
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    decoder.stdout.on('data', (chunk: Buffer) => {
      pending.push(chunk);
      pendingBytes += chunk.length;
      while (pendingBytes >= this.frameBytes) {
        const all = Buffer.concat(pending, pendingBytes);
        const frame = Buffer.from(all.subarray(0, this.frameBytes));
        pending = [all.subarray(this.frameBytes)];
        pendingBytes -= this.frameBytes;
        this.options.onFrame(new cv.Mat(frame, height, width, cv.CV_8UC1), this.lastWrittenAt);
      }
    });
    void decoder.exited.then((exit) => {
      if (this.decoder !== decoder || this.stopping) return;
      if (exit.spawnError) {
        this.options.onError?.(`motion decoder could not start: ${exit.spawnError.message}`);
        void this.stop();
      } else if (exit.code !== 0) {
        const why = decoder.stderrTail().at(-1) ?? `exit code ${exit.code}`;
        this.options.onError?.(`motion decoder exited: ${why}`);
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
