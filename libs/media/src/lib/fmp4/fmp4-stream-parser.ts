import { parseFragmentInfo, type FragmentInfo } from './fragment-info';
import { parseInitSegmentInfo, type InitSegmentInfo } from './init-segment-info';
import { Mp4BoxSplitter, type Mp4Box } from './mp4-box-splitter';
import { Mp4FormatError } from './mp4-format-error';

export interface Fmp4InitSegment {
  type: 'init';
  /** ftyp + moov (and anything between), exactly as written. */
  data: Buffer;
  info: InitSegmentInfo;
}

export interface Fmp4Fragment {
  type: 'fragment';
  /** moof + mdat, plus any boxes written since the previous fragment (styp, sidx, prft). */
  data: Buffer;
  info: FragmentInfo;
}

export type Fmp4Segment = Fmp4InitSegment | Fmp4Fragment;

/**
 * Turns a fragmented MP4 byte stream into init segments and fragments. A new `ftyp` starts a
 * new init segment (a restarted muxer); `mfra` (the index ffmpeg writes on exit) is dropped.
 */
export class Fmp4StreamParser {
  private readonly splitter: Mp4BoxSplitter;
  private pending: Mp4Box[] = [];
  private pendingBytes = 0;
  private init: InitSegmentInfo | null = null;

  constructor(private readonly maxSegmentBytes = 64 * 1024 * 1024) {
    this.splitter = new Mp4BoxSplitter(maxSegmentBytes);
  }

  get initInfo(): InitSegmentInfo | null {
    return this.init;
  }

  push(chunk: Buffer): Fmp4Segment[] {
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
        this.init = parseInitSegmentInfo(box.data);
        return { type: 'init', data, info: this.init };
      }
      case 'mdat': {
        if (!this.pending.some((b) => b.type === 'moof')) {
          throw new Mp4FormatError('mdat without a preceding moof');
        }
        if (!this.init) throw new Mp4FormatError('fragment before the init segment');
        const data = this.flush(box);
        return { type: 'fragment', data, info: parseFragmentInfo(data, this.init) };
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
    this.pendingBytes += box.data.length;
    if (this.pendingBytes > this.maxSegmentBytes) {
      throw new Mp4FormatError(
        `more than ${this.maxSegmentBytes} bytes without a complete segment`,
      );
    }
  }

  private flush(last: Mp4Box): Buffer {
    const boxes = [...this.pending, last];
    this.pending = [];
    this.pendingBytes = 0;
    return boxes.length === 1 ? last.data : Buffer.concat(boxes.map((b) => b.data));
  }
}
