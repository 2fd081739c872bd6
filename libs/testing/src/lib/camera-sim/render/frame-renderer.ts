// The ffmpeg process that draws a camera's frames. Frames are pulled one at a time: while nobody
// reads, ffmpeg blocks on a full pipe, so it stays at most a pipe's worth ahead of the camera.
import { MediaProcess, type ProcessExit } from '@camrec/process';
import { Readable } from 'node:stream';
import { FrameSplitter } from './frame-splitters';

export class FrameRenderer {
  private readonly stdout: Readable;
  private ended = false;

  private constructor(
    private readonly ffmpeg: MediaProcess,
    private readonly splitter: FrameSplitter,
  ) {
    this.stdout = ffmpeg.stdout;
    this.stdout.on('end', () => (this.ended = true));
    this.stdout.on('close', () => (this.ended = true));
  }

  static start(ffmpegPath: string, args: string[], splitter: FrameSplitter): FrameRenderer {
    const ffmpeg = MediaProcess.spawn({ name: 'renderer', command: ffmpegPath, args });
    return new FrameRenderer(ffmpeg, splitter);
  }

  get pid(): number | undefined {
    return this.ffmpeg.pid;
  }

  /** The next frame; rejects when ffmpeg has stopped producing frames. */
  async nextFrame(): Promise<Buffer> {
    for (;;) {
      const frame = this.splitter.take();
      if (frame) return frame;
      const chunk: Buffer | null = this.stdout.read();
      if (chunk) {
        this.splitter.push(chunk);
        continue;
      }
      if (this.ended) throw new Error(rendererFailure(this.ffmpeg, await this.ffmpeg.exited));
      await this.readableOrEnded();
    }
  }

  async stop(): Promise<void> {
    // Closing the pipe also frees an ffmpeg that is blocked writing a frame nobody will read.
    this.stdout.destroy();
    await this.ffmpeg.stop({ quitTimeoutMs: 0 });
  }

  private readableOrEnded(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        for (const event of ['readable', 'end', 'close', 'error'] as const) {
          this.stdout.off(event, done);
        }
        resolve();
      };
      for (const event of ['readable', 'end', 'close', 'error'] as const) {
        this.stdout.on(event, done);
      }
    });
  }
}

/** Why a renderer stopped producing frames, from its exit and its last words. */
export function rendererFailure(ffmpeg: MediaProcess, exit: ProcessExit): string {
  if (exit.spawnError) return `cannot run ffmpeg: ${exit.spawnError.message}`;
  const reason =
    ffmpeg.stderrTail().join('\n') || `exit code ${exit.code ?? exit.signal ?? 'unknown'}`;
  return `ffmpeg renderer stopped: ${reason}`;
}
