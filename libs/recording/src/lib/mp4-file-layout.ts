import { open } from 'node:fs/promises';
import { readBoxHeader } from '@camrec/mp4';

export interface TopLevelBox {
  type: string;
  start: number;
  end: number;
}

export interface Mp4FileLayout {
  /** Complete top-level boxes, in file order. */
  boxes: TopLevelBox[];
  fileSize: number;
}

/**
 * Lists the top-level boxes of a file by reading only their headers (recordings can be
 * gigabytes). Stops at the first box that is cut short or whose header makes no sense.
 */
export async function readMp4FileLayout(filePath: string): Promise<Mp4FileLayout> {
  const file = await open(filePath, 'r');
  try {
    const fileSize = (await file.stat()).size;
    const boxes: TopLevelBox[] = [];
    const header = Buffer.alloc(16);
    let offset = 0;
    while (offset + 8 <= fileSize) {
      const { bytesRead } = await file.read(header, 0, 16, offset);
      const box = readBoxHeader(header, 0, bytesRead);
      if (!box || !/^[\x20-\x7e]{4}$/.test(box.type)) break;
      const size = box.size === 0 ? fileSize - offset : box.size;
      if (size < box.headerSize || offset + size > fileSize) break;
      boxes.push({ type: box.type, start: offset, end: offset + size });
      offset += size;
    }
    return { boxes, fileSize };
  } finally {
    await file.close();
  }
}

/**
 * Where a `.part` stops being usable: after `ftyp`, `moov` and the last `moof` that has its
 * `mdat`. Null when it has no init segment or no fragment (nothing was recorded).
 */
export function usablePartLength(layout: Mp4FileLayout): number | null {
  const [ftyp, moov] = layout.boxes;
  if (ftyp?.type !== 'ftyp' || moov?.type !== 'moov') return null;
  let usable: number | null = null;
  for (let i = 2; i + 1 < layout.boxes.length; i += 1) {
    if (layout.boxes[i].type === 'moof' && layout.boxes[i + 1].type === 'mdat') {
      usable = layout.boxes[i + 1].end;
      i += 1;
    }
  }
  return usable;
}

/** True when the index (`moov`) comes before the media (`mdat`): playable while downloading. */
export function isFastStart(layout: Mp4FileLayout): boolean {
  const moov = layout.boxes.findIndex((box) => box.type === 'moov');
  const mdat = layout.boxes.findIndex((box) => box.type === 'mdat');
  return moov !== -1 && mdat !== -1 && moov < mdat;
}
