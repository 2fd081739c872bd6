import type { FileHandle } from 'node:fs/promises';

/** Reads this large: a 60 s segment is a few dozen reads; a larger `mdat` is skipped unread. */
const WINDOW_BYTES = 1 << 20;

/** Byte ranges of a file through one window at a time, each window a buffer of its own. */
export class WindowedReader {
  private window = Buffer.alloc(0);
  private windowStart = 0;

  constructor(
    private readonly file: FileHandle,
    private readonly fileBytes: number,
  ) {}

  /** A view that stays valid: a new window is a new buffer. */
  async bytes(at: number, length: number): Promise<Buffer> {
    const from = at - this.windowStart;
    if (from < 0 || from + length > this.window.length) {
      this.window = Buffer.allocUnsafe(
        Math.min(Math.max(length, WINDOW_BYTES), this.fileBytes - at),
      );
      this.windowStart = at;
      for (let filled = 0; filled < this.window.length;) {
        const { bytesRead } = await this.file.read(
          this.window,
          filled,
          this.window.length - filled,
          at + filled,
        );
        if (bytesRead === 0) throw new Error(`the file ended at ${at + filled} while being read`);
        filled += bytesRead;
      }
    }
    return this.window.subarray(at - this.windowStart, at - this.windowStart + length);
  }
}
