import { type FileHandle, open } from 'node:fs/promises';
import { readBoxHeader } from '@camrec/mp4';
import { WindowedReader } from '../continuous/windowed-reader';
import {
  type FragmentVideo,
  readFragmentVideo,
  readVideoSetup,
  type VideoTrackSetup,
} from '../continuous/video-timing';

/** A segment file's init segment (ftyp + moov) and what it says of the video track. */
export interface SegmentInit {
  data: Buffer;
  setup: VideoTrackSetup;
  /** Offset of the first byte after the moov: where the file's fragments begin. */
  end: number;
}

/** One fragment (moof + mdat) of a segment file, with what it holds of the video. */
export interface SegmentFragment {
  data: Buffer;
  /** Offset of its moof in the file. */
  offset: number;
  /** Null for a fragment without video samples (audio only). */
  video: FragmentVideo | null;
}

/**
 * Reads a segment file as the recorder wrote it: its init segment first, then each fragment,
 * through large windows (see WindowedReader). Stops at the first box that is cut short or makes
 * no sense; a file that is no segment yields nothing.
 */
export async function* readSegmentFragments(
  path: string,
): AsyncGenerator<SegmentInit | SegmentFragment> {
  const file = await openSegmentFile(path);
  if (!file) return;
  try {
    const fileBytes = (await file.stat()).size;
    const reader = new WindowedReader(file, fileBytes);
    let initStart: number | null = null;
    let setup: VideoTrackSetup | null = null;
    let moofAt: number | null = null;
    for (let offset = 0; offset + 8 <= fileBytes;) {
      const header = readBoxHeader(await reader.bytes(offset, Math.min(16, fileBytes - offset)));
      if (!header || header.size < header.headerSize || offset + header.size > fileBytes) return;
      const end = offset + header.size;
      if (header.type === 'ftyp') initStart = offset;
      else if (header.type === 'moov' && initStart !== null) {
        const data = Buffer.from(await reader.bytes(initStart, end - initStart));
        setup = readVideoSetup(data);
        if (!setup) return;
        yield { data, setup, end };
      } else if (header.type === 'moof') moofAt = offset;
      else if (header.type === 'mdat' && moofAt !== null && setup) {
        // A copy: the window is reused, and the fragment outlives it (rewritten, sent).
        const data = Buffer.from(await reader.bytes(moofAt, end - moofAt));
        yield { data, offset: moofAt, video: readFragmentVideo(data, setup) };
        moofAt = null;
      }
      offset = end;
    }
  } finally {
    await file.close();
  }
}

export function isInit(item: SegmentInit | SegmentFragment): item is SegmentInit {
  return 'setup' in item;
}

/**
 * The segment's file: final, or still being written (`.part`, see SegmentFile) — the recorder
 * may rename one into the other at any moment, hence the final name asked twice. Null when
 * there is neither (retention deleted it after the index was read): nothing to play there.
 */
async function openSegmentFile(path: string): Promise<FileHandle | null> {
  for (const candidate of [path, `${path}.part`, path]) {
    try {
      return await open(candidate, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  return null;
}
