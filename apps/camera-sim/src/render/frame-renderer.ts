// The ffmpeg process that draws a camera's frames. Frames are pulled one at a time: while nobody
// reads, ffmpeg blocks on a full pipe, so it stays at most a pipe's worth ahead of the camera.
import { ChildProcess, spawn } from 'node:child_process';
import { Readable } from 'node:stream';
import { OutputTail, stopChild } from '../process/child-process';
import { FrameSplitter } from './frame-splitters';

export class FrameRenderer {
  private readonly stdout: Readable;
  private readonly stderr = new OutputTail();
  private ended = false;
  private spawnError: Error | null = null;

  private constructor(
    private readonly child: ChildProcess,
    private readonly splitter: FrameSplitter,
  ) {
    if (!child.stdout || !child.stderr) throw new Error('ffmpeg renderer started without pipes');
    this.stdout = child.stdout;
    child.stderr.on('data', (chunk: Buffer) => this.stderr.append(chunk));
    child.on('error', (error) => (this.spawnError = error));
    this.stdout.on('end', () => (this.ended = true));
    this.stdout.on('close', () => (this.ended = true));
  }

  static start(ffmpegPath: string, args: string[], splitter: FrameSplitter): FrameRenderer {
    const child = spawn(ffmpegPath, args, { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    return new FrameRenderer(child, splitter);
  }

  get pid(): number | undefined {
    return this.child.pid;
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
      if (this.ended || this.spawnError) throw new Error(this.failureMessage());
      await this.readableOrEnded();
    }
  }

  stop(): Promise<void> {
    // Closing the pipe also frees an ffmpeg that is blocked writing a frame nobody will read.
    this.stdout.destroy();
    return stopChild(this.child, 2000);
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

  private failureMessage(): string {
    if (this.spawnError) return `cannot run ffmpeg: ${this.spawnError.message}`;
    const reason = this.stderr.toString() || `exit code ${this.child.exitCode ?? 'unknown'}`;
    return `ffmpeg renderer stopped: ${reason}`;
  }
}
