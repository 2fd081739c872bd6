import { MediaProcess, type ProcessExit } from '@camrec/process';
import { EncoderOutput } from './encoder-output';
import { type MjpegConversion, mjpegEncoderArgs } from './ffmpeg-args';
import { MatroskaMjpegMuxer } from './matroska-mjpeg-muxer';
import type { MediaTools } from './media-tools';

export interface MjpegEncoderOptions {
  /** Shown in the process registry, e.g. "recorder NAME.mp4". */
  name: string;
  tools: MediaTools;
  settings: MjpegConversion;
}

/**
 * One libx264 ffmpeg that takes JPEG frames, each stamped with its arrival time (wrapped in
 * Matroska, see MatroskaMjpegMuxer), and gives fragmented MP4 on `output`. Shared by the clip
 * recorder and continuous recording, which differ only in what they do with the output.
 */
export class MjpegEncoder {
  readonly output: EncoderOutput;
  private readonly muxer = new MatroskaMjpegMuxer();
  private headerWritten = false;
  private exitedNow = false;
  /** Wakes a writer waiting for the pipe when the encoder exits instead of draining it. */
  private wakeWriter: (() => void) | null = null;

  private constructor(private readonly process: MediaProcess) {
    this.output = new EncoderOutput(process.stdout);
    void process.exited.then(() => {
      this.exitedNow = true;
      this.wakeWriter?.();
    });
  }

  static start(options: MjpegEncoderOptions): MjpegEncoder {
    return new MjpegEncoder(
      MediaProcess.spawn({
        name: options.name,
        command: options.tools.ffmpegPath,
        args: mjpegEncoderArgs(options.settings),
        registry: options.tools.registry,
        stdinIsInput: true,
      }),
    );
  }

  /** Resolves once ffmpeg has exited. Never rejects. */
  get exited(): Promise<ProcessExit> {
    return this.process.exited;
  }

  /**
   * Feeds one frame, honouring the pipe's backpressure: resolves true when the encoder takes
   * more, false when it exited (or its input was ended) instead. Throws when the first frame is not a JPEG.
   */
  async write(jpeg: Buffer, capturedAtMs: number): Promise<boolean> {
    if (this.exitedNow || this.process.stdin.writableEnded) return false;
    const chunks = this.headerWritten ? [] : [this.muxer.header(jpeg)];
    this.headerWritten = true;
    chunks.push(this.muxer.frame(jpeg, capturedAtMs));
    if (this.process.stdin.write(Buffer.concat(chunks))) return true;
    return this.drained();
  }

  /** No more frames: ffmpeg encodes what it has, writes it out and exits. */
  endInput(): void {
    this.process.stdin.end();
  }

  /**
   * Ends the input and gives ffmpeg `timeoutMs` to write out its last frames and exit, then
   * kills it. Resolves with how it exited: 0 when every frame fed was encoded.
   */
  async finish(timeoutMs: number): Promise<ProcessExit> {
    this.endInput();
    let timer: NodeJS.Timeout | undefined;
    const exit = await Promise.race([
      this.process.exited,
      new Promise<null>((resolve) => (timer = setTimeout(resolve, timeoutMs, null))),
    ]);
    clearTimeout(timer);
    return exit ?? this.process.stop({ quitTimeoutMs: 0 });
  }

  /** Ends the input and waits up to `quitTimeoutMs` for ffmpeg to finish, then kills it. */
  async stop(quitTimeoutMs: number): Promise<void> {
    await this.process.stop({ quitTimeoutMs });
  }

  /** Why the encoder stopped by itself, in words, for a failed recording's message. */
  async failure(): Promise<string> {
    const exit = await this.process.exited;
    return `the H.264 encoder stopped (exit ${exit.code ?? exit.signal}): ${this.process.stderrTail().join(' ') || 'no message'}`;
  }

  /**
   * Waits until the encoder's stdin takes more; false when the encoder exited instead. One
   * listener at a time, removed on wake-up: nothing piles up over a long recording.
   */
  private async drained(): Promise<boolean> {
    const stdin = this.process.stdin;
    if (!this.exitedNow) {
      await new Promise<void>((resolve) => {
        const wake = () => {
          stdin.off('drain', wake);
          this.wakeWriter = null;
          resolve();
        };
        stdin.on('drain', wake);
        this.wakeWriter = wake;
      });
    }
    return !this.exitedNow;
  }
}
