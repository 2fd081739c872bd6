import {
  readBigUint64,
  readInt32,
  readUint32,
  writeBigUint64,
  writeFourCC,
  writeInt32,
  writeUint32,
} from './bytes';
import { childBoxes, findChild, findPath, fullBoxHeader, type BoxRange } from './mp4-box-walk';

/**
 * The init segment (ftyp + moov) with every track's presentation starting `offsetS` seconds
 * into its media: one edit-list entry per track (edts/elst, ISO 14496-12 §8.6.6), duration 0
 * ("all of the media", as for fragmented files), so a player shows from that instant on while
 * the frames before it (from the keyframe they need) are decoded and not shown. A track that
 * already has a one-entry edit list (a B-frame delay, AAC priming) gets its start moved by as
 * much. Null when a track's edit list is more than that (empty edits, several entries) or a
 * box is too large to rewrite here: the caller then sends the init as it is.
 */
export function withStartEdit(init: Uint8Array, offsetS: number): Uint8Array | null {
  const top = [...childBoxes(init, 0, init.length)];
  const moov = top.find((box) => box.type === 'moov');
  if (!moov || offsetS < 0) return null;
  const children: Uint8Array[] = [];
  for (const child of childBoxes(init, moov.bodyStart, moov.end)) {
    const bytes = child.type === 'trak' ? trakWithEdit(init, child, offsetS) : slice(init, child);
    if (!bytes) return null;
    children.push(bytes);
  }
  const newMoov = box('moov', children);
  const out = new Uint8Array(init.length - (moov.end - moov.start) + newMoov.length);
  out.set(init.subarray(0, moov.start));
  out.set(newMoov, moov.start);
  out.set(init.subarray(moov.end), moov.start + newMoov.length);
  return out;
}

function trakWithEdit(init: Uint8Array, trak: BoxRange, offsetS: number): Uint8Array | null {
  const mdhd = findPath(init, trak, ['mdia', 'mdhd']);
  if (!mdhd || mdhd.bodyStart - mdhd.start !== 8) return null;
  const version = fullBoxHeader(init, mdhd).version;
  const timescale = readUint32(init, mdhd.bodyStart + (version === 1 ? 20 : 12));
  if (timescale <= 0) return null;
  let mediaTime = BigInt(Math.round(offsetS * timescale));
  const edts = findChild(init, trak, 'edts');
  if (edts) {
    const existing = readSingleEdit(init, edts);
    if (existing === null) return null;
    mediaTime += existing;
  }
  const parts: Uint8Array[] = [];
  for (const child of childBoxes(init, trak.bodyStart, trak.end)) {
    if (child.type === 'edts') continue;
    parts.push(slice(init, child));
    if (child.type === 'tkhd') parts.push(editBox(mediaTime));
  }
  return box('trak', parts);
}

/** media_time of an edit list of one entry that shows media (not an empty edit); else null. */
function readSingleEdit(init: Uint8Array, edts: BoxRange): bigint | null {
  const elst = findChild(init, edts, 'elst');
  if (!elst) return null;
  const { version } = fullBoxHeader(init, elst);
  if (readUint32(init, elst.bodyStart + 4) !== 1) return null;
  const entry = elst.bodyStart + 8;
  const mediaTime =
    version === 1 ? readBigUint64(init, entry + 8) : BigInt(readInt32(init, entry + 4));
  // An empty edit (-1, as a signed or unsigned 64-bit value) delays the track: not handled.
  if (mediaTime < 0n || mediaTime === 0xffffffffffffffffn) return null;
  return mediaTime;
}

/** edts with one elst entry: all of the media from `mediaTime`, at normal rate. */
function editBox(mediaTime: bigint): Uint8Array {
  const wide = mediaTime > 0x7fffffffn;
  const elst = new Uint8Array(wide ? 36 : 28);
  writeUint32(elst, 0, elst.length);
  writeFourCC(elst, 4, 'elst');
  writeUint32(elst, 8, wide ? 0x01000000 : 0);
  writeUint32(elst, 12, 1);
  if (wide) {
    writeBigUint64(elst, 16, 0n);
    writeBigUint64(elst, 24, mediaTime);
    writeUint32(elst, 32, 0x00010000);
  } else {
    writeUint32(elst, 16, 0);
    writeInt32(elst, 20, Number(mediaTime));
    writeUint32(elst, 24, 0x00010000);
  }
  return box('edts', [elst]);
}

function box(type: string, children: Uint8Array[]): Uint8Array {
  const size = 8 + children.reduce((n, child) => n + child.length, 0);
  const out = new Uint8Array(size);
  writeUint32(out, 0, size);
  writeFourCC(out, 4, type);
  let at = 8;
  for (const child of children) {
    out.set(child, at);
    at += child.length;
  }
  return out;
}

function slice(buf: Uint8Array, range: BoxRange): Uint8Array {
  return buf.subarray(range.start, range.end);
}
