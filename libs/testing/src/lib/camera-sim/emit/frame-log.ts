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

/** One line of a frame log: a frame emitted at `atMs`, or (`atMs` null) one dropped after it was. */
export interface FrameLogLine {
  index: number;
  atMs: number | null;
}

/** A frame log's lines in order; a half-written last line (the camera still writing) is left out. */
export function frameLogLines(text: string): FrameLogLine[] {
  return text.split('\n').flatMap((line): FrameLogLine[] => {
    const [index, at] = line.split(' ');
    if (!at || !Number.isInteger(Number(index))) return [];
    if (at === 'dropped') return [{ index: Number(index), atMs: null }];
    return Number.isFinite(Number(at)) ? [{ index: Number(index), atMs: Number(at) }] : [];
  });
}

/**
 * When the camera emitted each frame, by the index its bar shows (`index mod
 * FRAME_INDEX_MODULO`: a bar shown again keeps its latest time), as its frame log says; a
 * frame dropped after it was emitted is left out.
 */
export function readFrameLog(path: string): Map<number, number> {
  const emitted = new Map<number, number>();
  for (const { index, atMs } of frameLogLines(readFileSync(path, 'utf8'))) {
    if (atMs === null) emitted.delete(index % FRAME_INDEX_MODULO);
    else emitted.set(index % FRAME_INDEX_MODULO, atMs);
  }
  return emitted;
}

/**
 * Every frame the log says was emitted, as `[index, ms]` in the order emitted (drops reported
 * later aside: this is when frames were handed over, for the camera's own timing).
 */
export function parseFrameLog(text: string): Array<[number, number]> {
  return frameLogLines(text).flatMap(({ index, atMs }) =>
    atMs === null ? [] : [[index, atMs] as [number, number]],
  );
}
