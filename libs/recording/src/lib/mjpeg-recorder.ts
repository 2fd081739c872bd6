import type { HubSubscription } from '@camrec/media';
import type { ClipWriter } from './clip-writer';
import type { MjpegEncodeSettings } from './ffmpeg-args';
import { FragmentWriter, type WriterResult } from './fragment-writer';
import type { MediaTools } from './media-tools';
import { MjpegEncoder } from './mjpeg-encoder';

export interface MjpegRecorderOptions {
  /** Shown in the process registry, e.g. "recorder NAME.mp4". */
  name: string;
  partPath: string;
  maxDurationS: number | null;
  tools: MediaTools;
  settings: MjpegEncodeSettings;
}

/** How long the encoder gets to flush its last frames after its input ends. */
const ENCODER_FINISH_TIMEOUT_MS = 10_000;

/**
 * Records an MJPEG session: JPEG frames from a lossless hub subscription, each stamped with
 * its arrival time, go through one ffmpeg (libx264) whose fragmented MP4 the FragmentWriter
 * appends to the `.part`. Stopping ends ffmpeg's input, so every frame fed is encoded.
 */
export class MjpegRecorder implements ClipWriter {
  readonly finished: Promise<WriterResult>;
  private stopRequested = false;
  private feedError: Error | null = null;
  private readonly feeding: Promise<void>;

  private constructor(
    private readonly subscription: HubSubscription,
    private readonly encoder: MjpegEncoder,
    private readonly writer: FragmentWriter,
  ) {
    this.feeding = this.feed();
    this.finished = this.run();
    this.finished.catch(() => undefined);
  }

  static async start(
    subscription: HubSubscription,
    options: MjpegRecorderOptions,
  ): Promise<MjpegRecorder> {
    const encoder = MjpegEncoder.start(options);
    try {
      const writer = await FragmentWriter.start(encoder.output, {
        partPath: options.partPath,
        maxDurationS: options.maxDurationS,
      });
      return new MjpegRecorder(subscription, encoder, writer);
    } catch (error) {
      subscription.close();
      await encoder.stop(0);
      throw error;
    }
  }

  get bytesWritten(): number {
    return this.writer.bytesWritten;
  }

  get durationS(): number {
    return this.writer.durationS;
  }

  /** Every frame that arrived before is still encoded and written. */
  stop(): Promise<WriterResult> {
    this.stopRequested = true;
    this.subscription.end();
    return this.finished;
  }

  private async run(): Promise<WriterResult> {
    let result: WriterResult;
    try {
      result = await this.writer.finished;
    } finally {
      // Whatever ended the writer, the input ends too and ffmpeg is given time to quit.
      this.subscription.close();
      await this.feeding;
      await this.encoder.stop(ENCODER_FINISH_TIMEOUT_MS);
    }
    if (this.feedError) throw this.feedError;
    if (result.end !== 'source-ended') return result;
    if (this.stopRequested) return { ...result, end: 'stopped' };
    if (this.subscription.endReason !== null)
      return { ...result, reason: this.subscription.endReason };
    throw new Error(await this.encoder.failure());
  }

  /** Hub frames → the encoder, honouring the pipe's backpressure. */
  private async feed(): Promise<void> {
    try {
      for await (const packet of this.subscription) {
        if (packet.type !== 'jpeg') continue;
        if (!(await this.encoder.write(packet.data, packet.capturedAt))) return;
      }
    } catch (error) {
      // A lossless queue that overflowed, or frames that are not JPEG: the recording fails.
      this.feedError = error as Error;
    } finally {
      this.encoder.endInput();
    }
  }
}
