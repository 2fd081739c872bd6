import { open } from 'node:fs/promises';
import { parseFragmentInfo, readBoxHeader } from '@camrec/mp4';
import { readVideoSetup, type VideoTrackSetup } from '../continuous/video-timing';

/** Enough for the init segment and the first moof of any segment the recorder writes. */
const HEAD_BYTES = 16 * 1024;

/** The start of a segment file: what a virtual MP4 needs of a segment it sends whole. */
export interface SegmentHead {
  /** The init segment (ftyp + moov). */
  init: Buffer;
  setup: VideoTrackSetup;
  /** Where the fragments begin (the byte after the moov). */
  initEnd: number;
  fileBytes: number;
  /** The first fragment's tfdt fields hold 32 bits only (version 0) in some track. */
  narrowDecodeTime: boolean;
}

/**
 * Reads the head of a segment file: its init segment and its first fragment's header, in one
 * or two small reads (a day of footage is 1440 of them). `bytes`, the index's size of a final
 * segment, spares a stat (a day's plan is made of these calls: each costs a trip to the thread
 * pool). Null when the file holds no init segment with a video track.
 */
export async function readSegmentHead(path: string, bytes?: number): Promise<SegmentHead | null> {
  const file = await open(path, 'r');
  try {
    const fileBytes = bytes ?? (await file.stat()).size;
    let head = Buffer.alloc(0);
    const ensure = async (length: number): Promise<boolean> => {
      if (length > fileBytes) return false;
      if (length <= head.length) return true;
      const next = Buffer.allocUnsafe(Math.min(fileBytes, Math.max(length, HEAD_BYTES)));
      const { bytesRead } = await file.read(next, 0, next.length, 0);
      head = next.subarray(0, bytesRead);
      return bytesRead >= length;
    };
    let init: { start: number; end: number } | null = null;
    for (let offset = 0; (await ensure(offset + 16)) || (await ensure(offset + 8));) {
      const header = readBoxHeader(head, offset);
      if (!header || header.size < header.headerSize || !(await ensure(offset + header.size))) {
        return null;
      }
      const end = offset + header.size;
      if (header.type === 'ftyp') init = { start: offset, end };
      else if (header.type === 'moov' && init) init.end = end;
      else if (header.type === 'moof' && init) {
        const initData = Buffer.from(head.subarray(init.start, init.end));
        const setup = readVideoSetup(initData);
        if (!setup) return null;
        const tracks = parseFragmentInfo(head.subarray(offset, end), setup.info).tracks;
        return {
          init: initData,
          setup,
          initEnd: init.end,
          fileBytes,
          narrowDecodeTime: tracks.some(
            (t) => t.baseDecodeTime !== null && t.baseDecodeTimeBytes === 4,
          ),
        };
      }
      offset = end;
    }
    return null;
  } finally {
    await file.close();
  }
}

/**
 * Heads of final segment files, by path and size (a final file never changes; one written again
 * under the same name has another size), the oldest forgotten first.
 */
export class SegmentHeadCache {
  private readonly heads = new Map<string, SegmentHead>();

  constructor(private readonly capacity: number) {}

  async read(path: string, bytes: number | undefined): Promise<SegmentHead | null> {
    const key = `${path}\0${bytes ?? ''}`;
    const known = this.heads.get(key);
    if (known) return known;
    const head = await readSegmentHead(path, bytes);
    if (head && bytes !== undefined) {
      this.heads.set(key, head);
      if (this.heads.size > this.capacity) {
        this.heads.delete(this.heads.keys().next().value as string);
      }
    }
    return head;
  }
}
