import { Mp4FormatError } from './mp4-format-error';

/** A box inside a buffer: positions are absolute offsets into that buffer. */
export interface BoxRange {
  type: string;
  start: number;
  /** First byte after the header. */
  bodyStart: number;
  end: number;
}

/** The boxes laid end to end in `buf[start, end)`. */
export function* childBoxes(buf: Buffer, start: number, end: number): Generator<BoxRange> {
  let pos = start;
  while (pos + 8 <= end) {
    const size32 = buf.readUInt32BE(pos);
    const type = buf.toString('latin1', pos + 4, pos + 8);
    let size = size32;
    let header = 8;
    if (size32 === 1) {
      if (pos + 16 > end) throw new Mp4FormatError(`box '${type}' header is truncated`);
      size = Number(buf.readBigUInt64BE(pos + 8));
      header = 16;
    } else if (size32 === 0) {
      size = end - pos;
    }
    if (size < header || pos + size > end) {
      throw new Mp4FormatError(`box '${type}' at ${pos} overruns its parent`);
    }
    yield { type, start: pos, bodyStart: pos + header, end: pos + size };
    pos += size;
  }
}

/** The first child of `parent` with this type. */
export function findChild(buf: Buffer, parent: BoxRange, type: string): BoxRange | undefined {
  for (const box of childBoxes(buf, parent.bodyStart, parent.end))
    if (box.type === type) return box;
  return undefined;
}

export function findChildren(buf: Buffer, parent: BoxRange, type: string): BoxRange[] {
  return [...childBoxes(buf, parent.bodyStart, parent.end)].filter((box) => box.type === type);
}

/** Follows a path of box types, e.g. ['mdia', 'minf', 'stbl', 'stsd']. */
export function findPath(
  buf: Buffer,
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
export function wholeBox(buf: Buffer): BoxRange {
  const [box] = childBoxes(buf, 0, buf.length);
  if (!box) throw new Mp4FormatError('buffer holds no box');
  return box;
}

/** Version and flags of a "full box" (ISO 14496-12 §4.2). */
export function fullBoxHeader(buf: Buffer, box: BoxRange): { version: number; flags: number } {
  const word = buf.readUInt32BE(box.bodyStart);
  return { version: word >>> 24, flags: word & 0xffffff };
}
