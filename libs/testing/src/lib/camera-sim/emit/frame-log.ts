// The frame log: one line `<index> <wall-clock ms>` per emitted frame, for tests and benchmarks
// that compare what a camera sent with what was recorded, and `<index> dropped` for an emitted
// frame the camera's transport dropped after all (its encoder fell behind).
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

  drop(index: number): void {
    this.stream.write(`${index} dropped\n`);
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
 * FRAME_INDEX_MODULO`: a bar shown again keeps its latest time), as its frame log says; a
 * frame dropped after it was emitted is left out. Read while the camera still writes, a
 * half-written last line is left out.
 */
export function readFrameLog(path: string): Map<number, number> {
  const emitted = new Map<number, number>();
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const [index, at] = line.split(' ');
    const bar = Number(index) % FRAME_INDEX_MODULO;
    if (!Number.isInteger(bar)) continue;
    if (at === 'dropped') emitted.delete(bar);
    else if (at && Number.isFinite(Number(at))) emitted.set(bar, Number(at));
  }
  return emitted;
}
