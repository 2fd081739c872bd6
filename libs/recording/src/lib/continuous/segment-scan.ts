import { open } from 'node:fs/promises';
import { Mp4FormatError, readBoxHeader } from '@camrec/mp4';
import type { SegmentFacts } from './segment-sink';
import { SegmentSpan } from './segment-span';
import { WindowedReader } from './windowed-reader';
import { readFragmentVideo, readVideoSetup, type VideoTrackSetup } from './video-timing';

export interface SegmentScan {
  /** Null when the file holds no complete keyframe fragment after an init segment. */
  facts: SegmentFacts | null;
  /** Where the file stops being usable: after its last complete box that is no half fragment. */
  usableBytes: number;
  fileBytes: number;
}

/**
 * Reads a segment file as the recorder wrote it (ftyp, moov, then moof + mdat fragments,
 * perhaps with prft boxes between) through large windows, parsing only the `moov` and the
 * `moof`s: thousands of files re-index in seconds (no ffprobe, no per-box reads). Counting
 * goes through SegmentSpan like the recorder's, so a file reads back the facts it was indexed
 * with. Nothing from the first box that is cut short or makes no sense (a crash, a power cut
 * leaving zeros) on is usable.
 */
export async function scanSegmentFile(path: string, startMs: number): Promise<SegmentScan> {
  const file = await open(path, 'r');
  try {
    const fileBytes = (await file.stat()).size;
    const reader = new WindowedReader(file, fileBytes);
    const boxes = new SegmentBoxes(startMs);
    for (let offset = 0; offset + 8 <= fileBytes;) {
      const header = readBoxHeader(await reader.bytes(offset, Math.min(16, fileBytes - offset)));
      if (!header || !/^[\x20-\x7e]{4}$/.test(header.type)) break;
      const { type, size } = header;
      if (size < header.headerSize || offset + size > fileBytes) break;
      const body = type === 'moov' || type === 'moof' ? await reader.bytes(offset, size) : null;
      const accepted = boxes.accept(type, offset + size, body);
      if (accepted === 'not-a-segment') return { facts: null, usableBytes: 0, fileBytes };
      if (accepted === 'unusable') break;
      offset += size;
    }
    return { ...boxes.result(), fileBytes };
  } finally {
    await file.close();
  }
}

/** The boxes of one segment file, in order. */
class SegmentBoxes {
  private usableBytes = 0;
  private first = true;
  private setup: VideoTrackSetup | null = null;
  /** A moof waiting for its mdat. */
  private moof: Buffer | null = null;
  private span: SegmentSpan | null = null;

  constructor(private readonly startMs: number) {}

  /** `body` is given for moov and moof boxes, which are parsed. */
  accept(type: string, end: number, body: Buffer | null): 'ok' | 'unusable' | 'not-a-segment' {
    if (this.first && type !== 'ftyp') return 'not-a-segment';
    this.first = false;
    try {
      if (type === 'moov' && body) {
        this.setup = readVideoSetup(body);
        if (!this.setup) return 'not-a-segment';
      } else if (type === 'moof') {
        this.moof = body;
      } else if (type === 'mdat' && this.moof && this.setup) {
        const video = readFragmentVideo(this.moof, this.setup);
        this.moof = null;
        if (video && !this.count(video.decode, video.duration, video.frames, video.keyframe)) {
          return 'not-a-segment';
        }
      }
    } catch (error) {
      if (error instanceof Mp4FormatError || error instanceof RangeError) return 'unusable';
      throw error;
    }
    // A moof counts once its mdat is there: nothing after a lone moof is usable yet.
    if (!this.moof) this.usableBytes = end;
    return 'ok';
  }

  result(): { facts: SegmentFacts | null; usableBytes: number } {
    return { facts: this.span?.facts(this.usableBytes) ?? null, usableBytes: this.usableBytes };
  }

  /** False when the first frame is no keyframe: not a file the recorder wrote. */
  private count(decode: number, duration: number, frames: number, keyframe: boolean): boolean {
    if (!this.setup || (!this.span && !keyframe)) return false;
    this.span ??= new SegmentSpan(this.startMs, this.setup.codec, this.setup.timescale, decode);
    this.span.add(decode, duration, frames, keyframe);
    return true;
  }
}
