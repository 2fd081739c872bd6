import { readJpegDimensions } from '@camrec/media';

/**
 * Wraps JPEG frames in a live Matroska stream (`V_MJPEG`) so that each frame carries its
 * arrival time into ffmpeg: a raw JPEG pipe has no timestamps, and timestamping on ffmpeg's
 * side would measure when ffmpeg got round to reading, not when the camera sent the frame.
 */
export class MatroskaMjpegMuxer {
  private firstMs: number | null = null;
  private lastMs = -1;

  /** EBML header, segment of unknown size (a live stream), info and the one video track. */
  header(firstFrame: Buffer): Buffer {
    const size = readJpegDimensions(firstFrame);
    if (!size) throw new Error('the first frame is not a JPEG with a frame header');
    const ebml = element(0x1a45dfa3, [
      uintElement(0x4286, 1), // EBMLVersion
      uintElement(0x42f7, 1), // EBMLReadVersion
      uintElement(0x42f2, 4), // EBMLMaxIDLength
      uintElement(0x42f3, 8), // EBMLMaxSizeLength
      stringElement(0x4282, 'matroska'), // DocType
      uintElement(0x4287, 4), // DocTypeVersion
      uintElement(0x4285, 2), // DocTypeReadVersion
    ]);
    const info = element(0x1549a966, [
      uintElement(0x2ad7b1, 1_000_000), // TimestampScale: 1 ms
      stringElement(0x4d80, 'camrec'), // MuxingApp
      stringElement(0x5741, 'camrec'), // WritingApp
    ]);
    const tracks = element(0x1654ae6b, [
      element(0xae, [
        uintElement(0xd7, 1), // TrackNumber
        uintElement(0x73c5, 1), // TrackUID
        uintElement(0x83, 1), // TrackType: video
        stringElement(0x86, 'V_MJPEG'), // CodecID
        element(0xe0, [uintElement(0xb0, size.width), uintElement(0xba, size.height)]),
      ]),
    ]);
    const segmentOfUnknownSize = Buffer.from([
      0x18, 0x53, 0x80, 0x67, 0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    ]);
    return Buffer.concat([ebml, segmentOfUnknownSize, info, tracks]);
  }

  /**
   * One cluster per frame, timestamped with the frame's arrival (ms since the first frame).
   * Timestamps are made strictly increasing: two frames read in the same millisecond would
   * otherwise collide in the MP4.
   */
  frame(jpeg: Buffer, capturedAtMs: number): Buffer {
    this.firstMs ??= capturedAtMs;
    const ms = Math.max(Math.round(capturedAtMs - this.firstMs), this.lastMs + 1);
    this.lastMs = ms;
    const blockHeader = Buffer.from([0x81, 0x00, 0x00, 0x80]); // track 1, +0 ms, keyframe
    return element(0x1f43b675, [
      uintElement(0xe7, ms), // Cluster Timestamp
      element(0xa3, [blockHeader, jpeg]), // SimpleBlock
    ]);
  }
}

function element(id: number, parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  return Buffer.concat([idBytes(id), sizeBytes(body.length), body]);
}

function uintElement(id: number, value: number): Buffer {
  const bytes: number[] = [];
  let rest = value;
  do {
    bytes.unshift(rest % 256);
    rest = Math.floor(rest / 256);
  } while (rest > 0);
  return element(id, [Buffer.from(bytes)]);
}

function stringElement(id: number, value: string): Buffer {
  return element(id, [Buffer.from(value, 'ascii')]);
}

/** Element IDs keep their marker bits: written as they are, in as many bytes as they need. */
function idBytes(id: number): Buffer {
  const length = id > 0xffffff ? 4 : id > 0xffff ? 3 : id > 0xff ? 2 : 1;
  const out = Buffer.alloc(length);
  out.writeUIntBE(id, 0, length);
  return out;
}

/** EBML variable-length size: the count of leading zero bits gives the length. */
function sizeBytes(size: number): Buffer {
  for (let length = 1; length <= 8; length += 1) {
    // All ones is reserved for "unknown size".
    if (size < 2 ** (7 * length) - 1) {
      const out = Buffer.alloc(length);
      let rest = size;
      for (let i = length - 1; i >= 0; i -= 1) {
        out[i] = rest % 256;
        rest = Math.floor(rest / 256);
      }
      out[0] |= 0x80 >> (length - 1);
      return out;
    }
  }
  throw new Error(`element of ${size} bytes is too large`);
}
