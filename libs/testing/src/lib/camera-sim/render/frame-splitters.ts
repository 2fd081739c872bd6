// Cut the renderer's byte stream into frames: concatenated JPEGs.

export interface FrameSplitter {
  push(chunk: Buffer): void;
  /** The next complete frame, or null until more bytes arrive. */
  take(): Buffer | null;
}

const MARKER = 0xff;
const SOI = 0xd8;
const EOI = 0xd9;
const SOS = 0xda;

/**
 * Splits a stream of back-to-back JPEG images by walking their marker segments, so that bytes
 * that merely look like an end marker inside a table do not cut an image short.
 */
export class JpegFrameSplitter implements FrameSplitter {
  private buffer: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): void {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
  }

  take(): Buffer | null {
    const start = this.buffer.indexOf(Buffer.from([MARKER, SOI]));
    if (start < 0) {
      // Keep a trailing 0xFF: it may be the first half of the next start marker.
      this.buffer = this.buffer.subarray(Math.max(0, this.buffer.length - 1));
      return null;
    }
    const end = jpegEnd(this.buffer, start);
    if (end < 0) {
      this.buffer = this.buffer.subarray(start);
      return null;
    }
    const frame = this.buffer.subarray(start, end);
    this.buffer = this.buffer.subarray(end);
    return frame;
  }
}

/** Offset just past the end marker of the JPEG that starts at `start`, or -1 if incomplete. */
export function jpegEnd(data: Buffer, start: number): number {
  let i = start + 2;
  for (;;) {
    while (i < data.length && data[i] !== MARKER) i++; // tolerate garbage between segments
    while (i + 1 < data.length && data[i + 1] === MARKER) i++; // fill bytes
    if (i + 1 >= data.length) return -1;
    const marker = data[i + 1];
    if (marker === EOI) return i + 2;
    if (marker === SOI || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      i += 2;
      continue;
    }
    if (i + 3 >= data.length) return -1;
    const segmentEnd = i + 2 + data.readUInt16BE(i + 2);
    if (segmentEnd > data.length) return -1;
    i = segmentEnd;
    if (marker === SOS) {
      i = entropyDataEnd(data, i);
      if (i < 0) return -1;
    }
  }
}

/** Skips entropy-coded data: 0xFF is followed by 0x00 (stuffing) or a restart marker there. */
function entropyDataEnd(data: Buffer, from: number): number {
  let i = from;
  for (;;) {
    i = data.indexOf(MARKER, i);
    if (i < 0 || i + 1 >= data.length) return -1;
    const next = data[i + 1];
    if (next === 0x00 || (next >= 0xd0 && next <= 0xd7)) i += 2;
    else return i;
  }
}
