// The frame log: one line `<index> <wall-clock ms>` per emitted frame, for tests and benchmarks
// that compare what a camera sent with what was recorded.
import { createWriteStream, openSync, readFileSync, WriteStream } from 'node:fs';
import { FRAME_INDEX_MODULO } from '../../frame-index';

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

/**
 * When the camera emitted each frame, by the index its bar shows (`index mod
 * FRAME_INDEX_MODULO`: a bar shown again keeps its latest time), as its frame log says. Read
 * while the camera still writes, a half-written last line is left out.
 */
export function readFrameLog(path: string): Map<number, number> {
  const emitted = new Map<number, number>();
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const [index, atMs] = line.split(' ').map(Number);
    if (Number.isInteger(index) && Number.isFinite(atMs)) {
      emitted.set(index % FRAME_INDEX_MODULO, atMs);
    }
  }
  return emitted;
}
