import { type FileHandle, open } from 'node:fs/promises';
import { Mp4FormatError, readBoxHeader } from '@camrec/mp4';
import { shiftFragment } from './fragment-shift';
import type { VirtualMp4, VirtualMp4Piece } from './virtual-mp4';

/** Bytes read and sent at a time: whole boxes, so that every moof in a window can be shifted. */
const WINDOW_BYTES = 1 << 20;

type FilePiece = Extract<VirtualMp4Piece, { kind: 'file' }>;

/**
 * Bytes `first..last` (inclusive) of a virtual MP4: only the pieces they touch are read, each
 * from the start of its first box (a moof must be whole to shift it). Every tfdt keeps its
 * width, so the bytes are exactly where the plan counted them.
 */
export async function* readVirtualMp4(
  mp4: VirtualMp4,
  first = 0,
  last = mp4.size - 1,
): AsyncGenerator<Uint8Array> {
  const end = last + 1;
  for (const [i, piece] of mp4.pieces.entries()) {
    const pieceEnd = mp4.pieces[i + 1]?.at ?? mp4.size;
    if (pieceEnd <= first || piece.at >= end) continue;
    const from = Math.max(first, piece.at) - piece.at;
    const to = Math.min(end, pieceEnd) - piece.at;
    if (piece.kind === 'bytes') yield piece.data.subarray(from, to);
    else yield* shiftedFileBytes(piece, piece.from + from, piece.from + to);
  }
}

/** File bytes [from, to) of a piece, its moofs moved onto the virtual file's timeline. */
async function* shiftedFileBytes(
  piece: FilePiece,
  from: number,
  to: number,
): AsyncGenerator<Uint8Array> {
  const file = await open(piece.path, 'r');
  try {
    for (let pos = piece.from; pos < to;) {
      const window = await readExactly(file, pos, Math.min(WINDOW_BYTES, piece.to - pos));
      const used = shiftWholeBoxes(window, piece, pos >= from ? 0 : from - pos);
      if (used > 0) {
        const sent = window.subarray(Math.max(0, from - pos), Math.min(used, to - pos));
        if (sent.length) yield sent;
        pos += used;
        continue;
      }
      // One box larger than the window: a moof is read whole and shifted, an mdat sent as is.
      const header = readBoxHeader(window, 0);
      if (!header || header.size < header.headerSize || pos + header.size > piece.to) {
        throw new Mp4FormatError(`${piece.path}: a box at ${pos} runs past the footage`);
      }
      const boxEnd = pos + header.size;
      if (header.type === 'moof') {
        const moof = await readExactly(file, pos, header.size);
        shiftWholeBoxes(moof, piece, 0);
        const sent = moof.subarray(Math.max(0, from - pos), Math.min(header.size, to - pos));
        if (sent.length) yield sent;
      } else {
        for (let at = Math.max(pos, from); at < Math.min(boxEnd, to); at += WINDOW_BYTES) {
          yield await readExactly(file, at, Math.min(WINDOW_BYTES, Math.min(boxEnd, to) - at));
        }
      }
      pos = boxEnd;
    }
  } finally {
    await file.close();
  }
}

/**
 * Walks the whole boxes at the start of `window`, shifting each moof that ends after
 * `skip` (the ones before are not sent); returns how many bytes they span.
 */
function shiftWholeBoxes(window: Buffer, piece: FilePiece, skip: number): number {
  let used = 0;
  while (used + 8 <= window.length) {
    const header = readBoxHeader(window, used);
    if (!header || header.size < header.headerSize || used + header.size > window.length) break;
    const boxEnd = used + header.size;
    if (header.type === 'moof' && boxEnd > skip) {
      const moof = window.subarray(used, boxEnd);
      if (shiftFragment(moof, piece.setup, piece.offsetMs, true) === null) {
        throw new Mp4FormatError(`${piece.path}: a decode time would fall before the file's start`);
      }
    }
    used = boxEnd;
  }
  return used;
}

async function readExactly(file: FileHandle, at: number, length: number): Promise<Buffer> {
  const buf = Buffer.allocUnsafe(length);
  for (let filled = 0; filled < length;) {
    const { bytesRead } = await file.read(buf, filled, length - filled, at + filled);
    if (bytesRead === 0) throw new Error(`the file ended at ${at + filled} while being read`);
    filled += bytesRead;
  }
  return buf;
}
