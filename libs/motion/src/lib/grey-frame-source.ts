import type { ChildProcessRegistry } from '@camrec/process';
import { HubFedDecoder, type HubSubscription, type StreamHub } from '@camrec/media';
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
 * Low-rate grey frames of one session for motion analysis. H.264/H.265: a hub-fed ffmpeg decodes
 * the hub's fMP4 to raw grey frames (respawned when the camera comes back with a new stream).
 * MJPEG: the camera's JPEGs are decoded by OpenCV directly, at most `fps` per second.
 */
export class GreyFrameSource {
  /** fMP4 cameras: the ffmpeg turning the hub's fragments into grey frames. */
  private readonly decoder: HubFedDecoder | null = null;
  /** MJPEG cameras: the camera's own JPEGs, and their decoding loop. */
  private readonly subscription: HubSubscription | null = null;
  private readonly pumping: Promise<void> | null = null;
  private stopping: Promise<void> | null = null;

  constructor(private readonly options: GreyFrameSourceOptions) {
    if (options.sourceType === 'mjpeg') {
      this.subscription = options.hub.subscribe({
        name: options.name,
        policy: 'latest',
        maxQueueBytes: JPEG_QUEUE_BYTES,
      });
      this.pumping = this.pumpJpeg(this.subscription);
    } else {
      this.decoder = new HubFedDecoder({
        name: options.name,
        label: 'motion decoder',
        ffmpegPath: options.ffmpegPath,
        args: buildGreyDecoderArgs(options),
        source: options.hub,
        maxQueueBytes: FMP4_QUEUE_BYTES,
        registry: options.registry,
        readOutput: () => this.readGreyFrames(),
        onError: options.onError,
        onRestart: options.onRestart,
      });
    }
  }

  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.subscription?.close();
      await this.decoder?.stop();
      await this.pumping;
    })();
    return this.stopping;
  }

  private async pumpJpeg(subscription: HubSubscription): Promise<void> {
    const { cv, width, height } = this.options;
    const intervalMs = 1000 / this.options.fps;
    const flags = {
      1: cv.IMREAD_GRAYSCALE,
      2: cv.IMREAD_REDUCED_GRAYSCALE_2,
      4: cv.IMREAD_REDUCED_GRAYSCALE_4,
      8: cv.IMREAD_REDUCED_GRAYSCALE_8,
    };
    let last = -Infinity;
    // The JPEG decoder scales down by 2, 4 or 8 as it decodes (a 720p frame in 0.5 ms instead
    // of 1.3 ms): the factor is chosen from the previous frame, whole until one is seen.
    let reduction: keyof typeof flags = 1;
    try {
      for await (const packet of subscription) {
        if (packet.type !== 'jpeg' || packet.capturedAt - last < intervalMs * 0.9) continue;
        last = packet.capturedAt;
        try {
          const decoded = cv.imdecode(packet.data, flags[reduction]);
          const fullWidth: number = decoded.cols * reduction;
          const fullHeight: number = decoded.rows * reduction;
          reduction =
            ([8, 4, 2] as const).find(
              (factor) => fullWidth / factor >= width && fullHeight / factor >= height,
            ) ?? 1;
          this.options.onFrame(decoded.resize(height, width), packet.capturedAt);
        } catch (error) {
          this.options.onError?.(`a JPEG frame could not be decoded: ${(error as Error).message}`);
        }
      }
    } catch (error) {
      this.options.onError?.(`motion input failed: ${(error as Error).message}`);
    }
  }

  /** Cuts one ffmpeg's raw output into width×height grey frames, dated by the newest input. */
  private readGreyFrames(): (chunk: Buffer) => void {
    const { cv, width, height } = this.options;
    const frameBytes = width * height;
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    return (chunk) => {
      pending.push(chunk);
      pendingBytes += chunk.length;
      while (pendingBytes >= frameBytes) {
        const all = Buffer.concat(pending, pendingBytes);
        const frame = Buffer.from(all.subarray(0, frameBytes));
        pending = [all.subarray(frameBytes)];
        pendingBytes -= frameBytes;
        const at = this.decoder?.lastFedAt ?? 0;
        this.options.onFrame(new cv.Mat(frame, height, width, cv.CV_8UC1), at);
      }
    };
  }
}
