import { parseInitSegmentInfo, type InitSegmentInfo } from '@camrec/media';

/**
 * The little box reading the recorder adds to @camrec/media's: top-level boxes of a buffer
 * or file header, and the codec descriptions of an init segment.
 */
export interface Box {
  type: string;
  /** Offset of the box header. */
  start: number;
  /** Offset of the payload (after the header). */
  payload: number;
  /** Offset just after the box. */
  end: number;
}

export interface BoxHeader {
  type: string;
  /** Whole box size; 0 means "to the end of the file". */
  size: number;
  headerSize: number;
}

/** Reads a box header from its first 8 (or 16, for 64-bit sizes) bytes; null if too short. */
export function readBoxHeader(bytes: Buffer): BoxHeader | null {
  if (bytes.length < 8) return null;
  const size32 = bytes.readUInt32BE(0);
  const type = bytes.toString('latin1', 4, 8);
  if (size32 !== 1) return { type, size: size32, headerSize: 8 };
  if (bytes.length < 16) return null;
  return { type, size: Number(bytes.readBigUInt64BE(8)), headerSize: 16 };
}

/** The boxes laid end to end in `buffer[from, to)`; stops at the first incomplete one. */
export function readBoxes(buffer: Buffer, from = 0, to = buffer.length): Box[] {
  const boxes: Box[] = [];
  let offset = from;
  while (offset + 8 <= to) {
    const header = readBoxHeader(buffer.subarray(offset, Math.min(offset + 16, to)));
    if (!header) break;
    const size = header.size === 0 ? to - offset : header.size;
    if (size < header.headerSize || offset + size > to) break;
    boxes.push({
      type: header.type,
      start: offset,
      payload: offset + header.headerSize,
      end: offset + size,
    });
    offset += size;
  }
  return boxes;
}

/** The tracks of an init segment (`ftyp` + `moov`, as the hub publishes it). */
export function readInitSegment(init: Buffer): InitSegmentInfo {
  const moov = readBoxes(init).find((box) => box.type === 'moov');
  if (!moov) throw new Error('init segment has no moov box');
  return parseInitSegmentInfo(init.subarray(moov.start, moov.end));
}

/**
 * True when two init segments describe the same tracks with the same codec parameters
 * (every `stsd` box byte for byte: the SPS/PPS live there), so fragments of the second can
 * follow fragments of the first in one file.
 */
export function sameCodecSetup(a: Buffer, b: Buffer): boolean {
  const infoA = readInitSegment(a);
  const infoB = readInitSegment(b);
  const descriptionsA = sampleDescriptions(a);
  const descriptionsB = sampleDescriptions(b);
  return (
    infoA.tracks.length === infoB.tracks.length &&
    infoA.tracks.every((track, i) => {
      const other = infoB.tracks[i];
      return (
        track.id === other.id && track.kind === other.kind && track.timescale === other.timescale
      );
    }) &&
    descriptionsA.length === descriptionsB.length &&
    descriptionsA.every((description, i) => description.equals(descriptionsB[i]))
  );
}

/** The `stsd` box of every track, in track order. */
function sampleDescriptions(init: Buffer): Buffer[] {
  const moov = readBoxes(init).find((box) => box.type === 'moov');
  if (!moov) return [];
  return readBoxes(init, moov.payload, moov.end)
    .filter((box) => box.type === 'trak')
    .map((trak) => {
      let box: Box | undefined = trak;
      for (const type of ['mdia', 'minf', 'stbl', 'stsd']) {
        box = box && readBoxes(init, box.payload, box.end).find((child) => child.type === type);
      }
      return box ? init.subarray(box.start, box.end) : Buffer.alloc(0);
    });
}
