// The frame log: one line `<index> <wall-clock ms>` per emitted frame, for tests and benchmarks
// that compare what a camera sent with what was recorded.
import { createWriteStream, openSync, WriteStream } from 'node:fs';

export class FrameLog {
  private readonly stream: WriteStream;

  /** Opens (and truncates) the file at once, so that a bad path fails the camera's start. */
  constructor(path: string) {
    this.stream = createWriteStream(path, { fd: openSync(path, 'w') });
    this.stream.on('error', (error) =>
      console.error(`camera-sim: frame log ${path}: ${error.message}`),
    );
  }

  write(index: number, wallClockMs: number): void {
    this.stream.write(`${index} ${wallClockMs}\n`);
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.stream.closed) return resolve();
      this.stream.once('close', () => resolve());
      this.stream.end();
    });
  }
}
