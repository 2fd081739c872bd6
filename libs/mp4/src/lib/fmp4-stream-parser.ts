import { parseFragmentInfo, type FragmentInfo } from './fragment-info';
import { parseInitSegmentInfo, type InitSegmentInfo } from './init-segment-info';
import { copyParts, Mp4BoxSplitter, type Mp4Box } from './mp4-box-splitter';
import { Mp4FormatError } from './mp4-format-error';

export interface Fmp4InitSegment {
  type: 'init';
  /** ftyp + moov (and anything between), exactly as written. */
  data: Uint8Array;
  info: InitSegmentInfo;
}

export interface Fmp4Fragment {
  type: 'fragment';
  /** moof + mdat, plus any boxes written since the previous fragment (styp, sidx, prft). */
  data: Uint8Array;
  info: FragmentInfo;
}

export type Fmp4Segment = Fmp4InitSegment | Fmp4Fragment;

/**
 * A box to append to a fragment, given what the fragment holds (e.g. a `prft` with its
 * capture time), or null; at most `maxBytes` long.
 */
export interface FragmentTrailer {
  maxBytes: number;
  boxFor(info: FragmentInfo, init: InitSegmentInfo): Uint8Array | null;
}

/**
 * Turns a fragmented MP4 byte stream into init segments and fragments. A new `ftyp` starts a
 * new init segment (a restarted muxer); `mfra` (the index ffmpeg writes on exit) is dropped.
 * Each segment is copied once from the input chunks into a buffer of its own (with room for
 * the trailer): every byte of the video passes here, so no second copy is made.
 */
export class Fmp4StreamParser {
  private readonly splitter: Mp4BoxSplitter;
  private pending: Mp4Box[] = [];
  private pendingBytes = 0;
  private init: InitSegmentInfo | null = null;

  constructor(
    private readonly maxSegmentBytes = 64 * 1024 * 1024,
    private readonly trailer: FragmentTrailer | null = null,
  ) {
    this.splitter = new Mp4BoxSplitter(maxSegmentBytes);
  }

  get initInfo(): InitSegmentInfo | null {
    return this.init;
  }

  push(chunk: Uint8Array): Fmp4Segment[] {
    const segments: Fmp4Segment[] = [];
    for (const box of this.splitter.push(chunk)) {
      const segment = this.accept(box);
      if (segment) segments.push(segment);
    }
    return segments;
  }

  private accept(box: Mp4Box): Fmp4Segment | null {
    switch (box.type) {
      case 'ftyp':
        this.init = null;
        this.pending = [];
        this.pendingBytes = 0;
        this.hold(box);
        return null;
      case 'moov': {
        const data = this.flush(box);
        this.init = parseInitSegmentInfo(data.subarray(data.length - box.size));
        return { type: 'init', data, info: this.init };
      }
      case 'mdat': {
        if (!this.pending.some((b) => b.type === 'moof')) {
          throw new Mp4FormatError('mdat without a preceding moof');
        }
        if (!this.init) throw new Mp4FormatError('fragment before the init segment');
        const spare = this.trailer?.maxBytes ?? 0;
        const withSpare = this.flush(box, spare);
        const data = withSpare.subarray(0, withSpare.length - spare);
        const info = parseFragmentInfo(data, this.init);
        const tail = this.trailer?.boxFor(info, this.init);
        if (!tail) return { type: 'fragment', data, info };
        if (tail.length > spare)
          throw new RangeError(`trailer of ${tail.length} bytes; at most ${spare}`);
        withSpare.set(tail, data.length);
        return { type: 'fragment', data: withSpare.subarray(0, data.length + tail.length), info };
      }
      case 'mfra':
        return null;
      default:
        this.hold(box);
        return null;
    }
  }

  private hold(box: Mp4Box): void {
    this.pending.push(box);
    this.pendingBytes += box.size;
    if (this.pendingBytes > this.maxSegmentBytes) {
      throw new Mp4FormatError(
        `more than ${this.maxSegmentBytes} bytes without a complete segment`,
      );
    }
  }

  /** The held boxes and `last` in one new buffer, with `spareBytes` of room after them. */
  private flush(last: Mp4Box, spareBytes = 0): Uint8Array {
    const boxes = [...this.pending, last];
    const bytes = this.pendingBytes + last.size;
    this.pending = [];
    this.pendingBytes = 0;
    return copyParts(
      boxes.flatMap((b) => b.parts),
      bytes,
      spareBytes,
    );
  }
}
