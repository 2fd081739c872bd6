import { access, mkdir, open, rename, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { SEGMENT_PART_SUFFIX } from './segment-path';

/**
 * One segment being written: `NAME.mp4.part`, appended to one packet at a time (each write a
 * whole box, so the file is a valid fragmented MP4 after every write), renamed to `NAME.mp4`
 * once synced and closed. A crash leaves the `.part`, which repairSegment makes final.
 */
export class SegmentFile {
  private written = 0;
  private lastSync = Date.now();

  private constructor(
    /** The final path; the file is `finalPath + .part` until `finish()`. */
    readonly finalPath: string,
    private readonly file: FileHandle,
  ) {}

  /** Creates the `.part` and its folders; fails if it exists. */
  static async create(finalPath: string): Promise<SegmentFile> {
    await mkdir(dirname(finalPath), { recursive: true });
    return new SegmentFile(finalPath, await open(finalPath + SEGMENT_PART_SUFFIX, 'wx'));
  }

  /** True when the segment, final or being written, is already there. */
  static async exists(finalPath: string): Promise<boolean> {
    for (const path of [finalPath, finalPath + SEGMENT_PART_SUFFIX]) {
      if (
        await access(path).then(
          () => true,
          () => false,
        )
      )
        return true;
    }
    return false;
  }

  get partPath(): string {
    return this.finalPath + SEGMENT_PART_SUFFIX;
  }

  get bytes(): number {
    return this.written;
  }

  /** Writes `parts` one after the other (one box, in parts: see DecodeTimeRebase). */
  async append(parts: readonly Uint8Array[]): Promise<void> {
    let pending = parts.filter((part) => part.length > 0);
    while (pending.length > 0) {
      let { bytesWritten } = await this.file.writev(pending);
      this.written += bytesWritten;
      // A short write: on with what is left.
      while (pending.length > 0 && bytesWritten >= pending[0].length) {
        bytesWritten -= pending[0].length;
        pending = pending.slice(1);
      }
      if (bytesWritten > 0) pending = [pending[0].subarray(bytesWritten), ...pending.slice(1)];
    }
  }

  /** Flushes to the disk when the last flush is `intervalMs` old; true when it did. */
  async syncIfDue(intervalMs: number): Promise<boolean> {
    if (Date.now() - this.lastSync < intervalMs) return false;
    await this.file.datasync();
    this.lastSync = Date.now();
    return true;
  }

  /** Synced, closed, renamed into place: from here on the file never changes. */
  async finish(): Promise<void> {
    try {
      await this.file.datasync();
    } finally {
      await this.file.close();
    }
    await rename(this.partPath, this.finalPath);
  }

  /** Closes the `.part` as it is (a failure): repairSegment decides what of it is kept. */
  async abandon(): Promise<void> {
    await this.file.close().catch(() => undefined);
  }
}
