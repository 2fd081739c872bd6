import { readBoxHeader, type BoxHeader } from './mp4-box-walk';
import { Mp4FormatError } from './mp4-format-error';

/** One complete top-level box. */
export interface Mp4Box {
  /** Four-character type, e.g. "moof". */
  type: string;
  /** Bytes of the whole box, header included. */
  size: number;
  /**
   * The whole box as views of the input chunks, in order (not copies: whoever keeps a box
   * copies it once, into the buffer it keeps, see `boxBytes` and Fmp4StreamParser).
   */
  parts: Uint8Array[];
  /** 8, or 16 for a box with a 64-bit largesize. */
  headerSize: number;
}

/** The box's bytes in a buffer of its own. */
export function boxBytes(box: Mp4Box): Uint8Array {
  return copyParts(box.parts, box.size, 0);
}

/**
 * `parts` (`bytes` in all) copied into one new buffer with `spareBytes` more room at its end.
 * An array of its own, never a view of a shared pool: a fragment kept for seconds (pre-roll)
 * must not hold a larger slab.
 */
export function copyParts(
  parts: readonly Uint8Array[],
  bytes: number,
  spareBytes: number,
): Uint8Array {
  const out = new Uint8Array(bytes + spareBytes);
  let filled = 0;
  for (const part of parts) {
    out.set(part, filled);
    filled += part.length;
  }
  return out;
}

const DEFAULT_MAX_BOX_BYTES = 64 * 1024 * 1024;

/** Box types are four printable ASCII characters; anything else is not an MP4 stream. */
function isPrintableType(head: Uint8Array): boolean {
  for (let i = 4; i < 8; i++) if (head[i] < 0x20 || head[i] > 0x7e) return false;
  return true;
}

/**
 * Splits a byte stream (ffmpeg's stdout) into top-level MP4 boxes, whatever the chunk
 * boundaries. Memory is bounded by the largest box: a corrupt size fails loudly instead of
 * buffering forever.
 */
export class Mp4BoxSplitter {
  private chunks: Uint8Array[] = [];
  private buffered = 0;
  private current: BoxHeader | null = null;
  /** A header split across chunks is gathered here (at most 16 bytes), not concatenated. */
  private readonly scratch = new Uint8Array(16);

  constructor(private readonly maxBoxBytes = DEFAULT_MAX_BOX_BYTES) {}

  get bufferedBytes(): number {
    return this.buffered;
  }

  push(chunk: Uint8Array): Mp4Box[] {
    if (chunk.length > 0) {
      this.chunks.push(chunk);
      this.buffered += chunk.length;
    }
    const boxes: Mp4Box[] = [];
    for (;;) {
      this.current ??= this.readHeader();
      if (!this.current || this.buffered < this.current.size) return boxes;
      const { type, size, headerSize } = this.current;
      boxes.push({ type, size, headerSize, parts: this.take(size) });
      this.current = null;
    }
  }

  private readHeader(): BoxHeader | null {
    if (this.buffered < 8) return null;
    const head = this.peek(Math.min(16, this.buffered));
    if (!isPrintableType(head)) {
      const hex = Array.from(head.subarray(4, 8), (b) => b.toString(16).padStart(2, '0'));
      throw new Mp4FormatError(`not an MP4 box: type bytes ${hex.join('')}`);
    }
    const header = readBoxHeader(head);
    if (!header) return null;
    const { type, size, headerSize } = header;
    if (size === 0) {
      throw new Mp4FormatError(
        `box '${type}' runs to the end of the stream; a live stream cannot have that`,
      );
    }
    if (size < headerSize) throw new Mp4FormatError(`box '${type}' has an invalid size ${size}`);
    if (size > this.maxBoxBytes) {
      throw new Mp4FormatError(`box '${type}' is ${size} bytes; the limit is ${this.maxBoxBytes}`);
    }
    return header;
  }

  /** The first `bytes` (≤ 16) buffered bytes: a view of the first chunk when it holds them. */
  private peek(bytes: number): Uint8Array {
    if (this.chunks[0].length >= bytes) return this.chunks[0].subarray(0, bytes);
    let filled = 0;
    for (let i = 0; filled < bytes; i++) {
      const part = this.chunks[i].subarray(0, bytes - filled);
      this.scratch.set(part, filled);
      filled += part.length;
    }
    return this.scratch.subarray(0, bytes);
  }

  /** Removes `bytes` from the front, as views of the chunks they are in. */
  private take(bytes: number): Uint8Array[] {
    const parts: Uint8Array[] = [];
    let taken = 0;
    while (taken < bytes) {
      const head = this.chunks[0];
      const n = Math.min(head.length, bytes - taken);
      parts.push(n === head.length ? head : head.subarray(0, n));
      taken += n;
      if (n === head.length) this.chunks.shift();
      else this.chunks[0] = head.subarray(n);
    }
    this.buffered -= bytes;
    return parts;
  }
}
