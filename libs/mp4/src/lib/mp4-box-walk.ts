import { fourCC, readUint32 } from './bytes';
import { Mp4FormatError } from './mp4-format-error';

/**
 * The one MP4 box reader of the server and the dashboard: this walker over boxes in memory,
 * and the header decoder that the stream splitter and the file-layout reader use too.
 */
export interface BoxHeader {
  type: string;
  /** Whole box size; 0 means "to the end of the file". */
  size: number;
  headerSize: 8 | 16;
}

/** Decodes the box header at `at`; null when fewer bytes than the header are there. */
export function readBoxHeader(buf: Uint8Array, at = 0, end = buf.length): BoxHeader | null {
  if (at + 8 > end) return null;
  const size32 = readUint32(buf, at);
  const type = fourCC(buf, at + 4);
  if (size32 !== 1) return { type, size: size32, headerSize: 8 };
  if (at + 16 > end) return null;
  return { type, size: readLargeSize(buf, at + 8), headerSize: 16 };
}

/** A 64-bit largesize as a number, capped at 2^53 - 1 (no box in memory is near that). */
function readLargeSize(buf: Uint8Array, at: number): number {
  const high = readUint32(buf, at);
  const low = readUint32(buf, at + 4);
  return high >= 0x200000 ? Number.MAX_SAFE_INTEGER : high * 0x100000000 + low;
}

/** A box inside a buffer: positions are absolute offsets into that buffer. */
export interface BoxRange {
  type: string;
  start: number;
  /** First byte after the header. */
  bodyStart: number;
  end: number;
}

/** The boxes laid end to end in `buf[start, end)`. */
export function* childBoxes(buf: Uint8Array, start: number, end: number): Generator<BoxRange> {
  let pos = start;
  while (pos + 8 <= end) {
    const box = readBoxHeader(buf, pos, end);
    if (!box) throw new Mp4FormatError(`box at ${pos} has a truncated header`);
    const { type, headerSize: header } = box;
    const size = box.size === 0 ? end - pos : box.size;
    if (size < header || pos + size > end) {
      throw new Mp4FormatError(`box '${type}' at ${pos} overruns its parent`);
    }
    yield { type, start: pos, bodyStart: pos + header, end: pos + size };
    pos += size;
  }
}

/** The first child of `parent` with this type. */
export function findChild(buf: Uint8Array, parent: BoxRange, type: string): BoxRange | undefined {
  for (const box of childBoxes(buf, parent.bodyStart, parent.end))
    if (box.type === type) return box;
  return undefined;
}

export function findChildren(buf: Uint8Array, parent: BoxRange, type: string): BoxRange[] {
  return [...childBoxes(buf, parent.bodyStart, parent.end)].filter((box) => box.type === type);
}

/** Follows a path of box types, e.g. ['mdia', 'minf', 'stbl', 'stsd']. */
export function findPath(
  buf: Uint8Array,
  parent: BoxRange,
  path: readonly string[],
): BoxRange | undefined {
  let box: BoxRange | undefined = parent;
  for (const type of path) {
    box = box && findChild(buf, box, type);
  }
  return box;
}

/** The range covering a whole buffer that holds exactly one box. */
export function wholeBox(buf: Uint8Array): BoxRange {
  const [box] = childBoxes(buf, 0, buf.length);
  if (!box) throw new Mp4FormatError('buffer holds no box');
  return box;
}

/** Version and flags of a "full box" (ISO 14496-12 §4.2). */
export function fullBoxHeader(buf: Uint8Array, box: BoxRange): { version: number; flags: number } {
  const word = readUint32(buf, box.bodyStart);
  return { version: word >>> 24, flags: word & 0xffffff };
}
