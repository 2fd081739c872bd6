/** The stream is not a sequence of JPEGs (or one is implausibly large). */
export class JpegFormatError extends Error {
  override readonly name = 'JpegFormatError';
}

const SOI = 0xd8;
const EOI = 0xd9;
const SOS = 0xda;
const TEM = 0x01;
const isRestart = (marker: number) => marker >= 0xd0 && marker <= 0xd7;

type State = 'seek-soi' | 'markers' | 'entropy';

/**
 * Splits ffmpeg's `-f mjpeg` output (JPEGs back to back) into frames. It walks the marker
 * segments by their lengths rather than searching for FFD9, so an EXIF thumbnail inside a
 * frame cannot end it early.
 */
export class JpegSplitter {
  /** Unconsumed input; a frame in progress always starts at byte 0. */
  private buffer: Buffer = Buffer.alloc(0);
  private state: State = 'seek-soi';
  /** Where parsing continues inside `buffer`. */
  private pos = 0;
  private discarded = 0;

  constructor(private readonly maxFrameBytes = 16 * 1024 * 1024) {}

  /** Bytes skipped because they were not part of a complete JPEG. */
  get discardedBytes(): number {
    return this.discarded;
  }

  push(chunk: Buffer): Buffer[] {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const frames: Buffer[] = [];
    for (let end = this.advance(); end !== null; end = this.advance()) {
      frames.push(Buffer.from(this.buffer.subarray(0, end)));
      this.buffer = this.buffer.subarray(end);
      this.state = 'seek-soi';
      this.pos = 0;
    }
    if (this.buffer.length > this.maxFrameBytes) {
      throw new JpegFormatError(`no complete JPEG within ${this.maxFrameBytes} bytes`);
    }
    return frames;
  }

  /** Runs the state machine; returns the end of a complete frame, or null when more data is needed. */
  private advance(): number | null {
    for (;;) {
      const buf = this.buffer;
      if (this.state === 'seek-soi') {
        const soi = findSoi(buf);
        // Keep a trailing 0xFF: it may be the first half of the next SOI.
        this.discard(soi >= 0 ? soi : buf.at(-1) === 0xff ? buf.length - 1 : buf.length);
        if (soi < 0) return null;
        this.state = 'markers';
        this.pos = 2;
      } else if (this.state === 'markers') {
        if (this.pos + 2 > buf.length) return null;
        if (buf[this.pos] !== 0xff)
          throw new JpegFormatError(`expected a JPEG marker at byte ${this.pos}`);
        const marker = buf[this.pos + 1];
        if (marker === EOI) return this.pos + 2;
        if (marker === SOI) {
          // A new frame started before the previous one ended: drop the broken one.
          this.discard(this.pos);
          this.pos = 2;
        } else if (marker === 0xff) {
          this.pos += 1; // fill byte
        } else if (marker === TEM || isRestart(marker)) {
          this.pos += 2;
        } else {
          if (this.pos + 4 > buf.length) return null;
          const length = buf.readUInt16BE(this.pos + 2);
          if (length < 2) throw new JpegFormatError(`JPEG segment with length ${length}`);
          if (this.pos + 2 + length > buf.length) return null;
          this.pos += 2 + length;
          if (marker === SOS) this.state = 'entropy';
        }
      } else {
        const marker = findEntropyEnd(buf, this.pos);
        if (marker < 0) {
          // Resume at a trailing 0xFF next time: its partner byte has not arrived yet.
          this.pos = buf.at(-1) === 0xff ? buf.length - 1 : buf.length;
          return null;
        }
        this.pos = marker;
        this.state = 'markers';
      }
    }
  }

  private discard(bytes: number): void {
    this.discarded += bytes;
    this.buffer = this.buffer.subarray(bytes);
  }
}

function findSoi(buf: Buffer): number {
  for (let i = buf.indexOf(0xff); i >= 0 && i + 1 < buf.length; i = buf.indexOf(0xff, i + 1)) {
    if (buf[i + 1] === SOI) return i;
  }
  return -1;
}

/** In entropy-coded data FF00 is a stuffed byte, FFD0-D7 restart markers, FFFF fill; any other FFxx ends it. */
function findEntropyEnd(buf: Buffer, from: number): number {
  for (
    let i = buf.indexOf(0xff, from);
    i >= 0 && i + 1 < buf.length;
    i = buf.indexOf(0xff, i + 1)
  ) {
    const next = buf[i + 1];
    if (next !== 0x00 && next !== 0xff && !isRestart(next)) return i;
  }
  return -1;
}
