import { MediaProcess, type HubSubscription } from '@camrec/media';
import type { ClipWriter } from './clip-writer';
import { EncoderOutput } from './encoder-output';
import { type MjpegEncodeSettings, mjpegEncoderArgs } from './ffmpeg-args';
import { FragmentWriter, type WriterResult } from './fragment-writer';
import { MatroskaMjpegMuxer } from './matroska-mjpeg-muxer';
import type { MediaTools } from './media-tools';

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
  private readonly muxer = new MatroskaMjpegMuxer();
  private stopRequested = false;
  private feedError: Error | null = null;
  private readonly feeding: Promise<void>;
  private encoderExited = false;
  /** Wakes a feeder waiting for the pipe when the encoder exits instead of draining it. */
  private wakeFeeder: (() => void) | null = null;

  private constructor(
    private readonly subscription: HubSubscription,
    private readonly encoder: MediaProcess,
    private readonly writer: FragmentWriter,
  ) {
    void encoder.exited.then(() => {
      this.encoderExited = true;
      this.wakeFeeder?.();
    });
    this.feeding = this.feed();
    this.finished = this.run();
    this.finished.catch(() => undefined);
  }

  static async start(
    subscription: HubSubscription,
    options: MjpegRecorderOptions,
  ): Promise<MjpegRecorder> {
    const encoder = MediaProcess.spawn({
      name: options.name,
      command: options.tools.ffmpegPath,
      args: mjpegEncoderArgs(options.settings),
      registry: options.tools.registry,
      stdinIsInput: true,
    });
    try {
      const writer = await FragmentWriter.start(new EncoderOutput(encoder.stdout), {
        partPath: options.partPath,
        maxDurationS: options.maxDurationS,
      });
      return new MjpegRecorder(subscription, encoder, writer);
    } catch (error) {
      subscription.close();
      await encoder.stop({ quitTimeoutMs: 0 });
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
      await this.encoder.stop({ quitTimeoutMs: ENCODER_FINISH_TIMEOUT_MS });
    }
    if (this.feedError) throw this.feedError;
    if (result.end !== 'source-ended') return result;
    if (this.stopRequested) return { ...result, end: 'stopped' };
    if (this.subscription.endReason !== null)
      return { ...result, reason: this.subscription.endReason };
    const exit = await this.encoder.exited;
    throw new Error(
      `the H.264 encoder stopped (exit ${exit.code ?? exit.signal}): ${this.encoder.stderrTail().join(' ') || 'no message'}`,
    );
  }

  /** Hub frames → Matroska → ffmpeg's stdin, honouring the pipe's backpressure. */
  private async feed(): Promise<void> {
    const stdin = this.encoder.stdin;
    let headerWritten = false;
    try {
      for await (const packet of this.subscription) {
        if (packet.type !== 'jpeg') continue;
        const chunks = headerWritten ? [] : [this.muxer.header(packet.data)];
        headerWritten = true;
        chunks.push(this.muxer.frame(packet.data, packet.capturedAt));
        if (!stdin.write(Buffer.concat(chunks)) && !(await this.drained())) return;
      }
    } catch (error) {
      // A lossless queue that overflowed, or frames that are not JPEG: the recording fails.
      this.feedError = error as Error;
    } finally {
      stdin.end();
    }
  }

  /**
   * Waits until the encoder's stdin takes more; false when the encoder exited instead. One
   * listener at a time, removed on wake-up: nothing piles up over a long recording.
   */
  private async drained(): Promise<boolean> {
    const stdin = this.encoder.stdin;
    if (!this.encoderExited) {
      await new Promise<void>((resolve) => {
        const wake = () => {
          stdin.off('drain', wake);
          this.wakeFeeder = null;
          resolve();
        };
        stdin.on('drain', wake);
        this.wakeFeeder = wake;
      });
    }
    return !this.encoderExited;
  }
}
