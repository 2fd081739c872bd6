import { open, type FileHandle } from 'node:fs/promises';
import {
  type FragmentPacket,
  type InitPacket,
  type PreRollDelivery,
  type PreRollPast,
  type PreRollSource,
  PreRollSubscription,
  pastStart,
} from '@camrec/media';
import type { RecordableHub } from '../clip-recording';
import type { DecodeTimeRebase } from './decode-time-rebase';

/** A segment file fragments were written to, and how their decode times were moved there. */
export interface WrittenSegment {
  /** The file while it is written; renamed to `finalPath` once finished. */
  readonly partPath: string;
  readonly finalPath: string;
  readonly rebase: DecodeTimeRebase;
}

/** One fragment the recorder wrote: the hub's facts of it, and where its bytes are. */
interface WrittenFragment {
  packet: Omit<FragmentPacket, 'data'>;
  segment: WrittenSegment;
  offset: number;
  length: number;
}

/** A keyframe fragment and those after it. */
interface Gop {
  startedAt: number;
  fragments: WrittenFragment[];
}

/**
 * The recent past of a continuously recorded H.264/H.265 stream, for the pre-roll of clips
 * (a manual recording's `pre_roll_s`), kept as the places in the segment files the recorder
 * wrote it to: a few dozen bytes per fragment, where a PreRollRing holds a copy of the video
 * (30 s at 8 Mbit/s: 30 MB per camera of what the disk has already). A clip asking for
 * pre-roll gets the same as from the ring: from the keyframe at or before the moment asked
 * for (within the last `maxAgeMs`), read back from the files (the page cache, mostly) with
 * the hub's decode times, then the hub's live stream without a gap or a repeated fragment.
 */
export class SegmentPreRoll {
  private init: InitPacket | null = null;
  private gops: Gop[] = [];
  private lastSeq = -1;

  constructor(
    private readonly hub: RecordableHub,
    private readonly maxAgeMs: number,
  ) {}

  /** The stream's init segment; a new generation's fragments do not follow the old ones. */
  initSeen(packet: InitPacket): void {
    if (packet.generation !== this.init?.generation) this.gops = [];
    this.init = packet;
  }

  /** `packet` is in `segment`'s file, `length` bytes from `offset` (on disk or in its cache). */
  written(packet: FragmentPacket, segment: WrittenSegment, offset: number, length: number): void {
    // A fragment not written (before a run's first keyframe) leaves a hole: no past before it.
    const gap = this.lastSeq >= 0 && packet.seq !== this.lastSeq + 1;
    this.lastSeq = packet.seq;
    if (gap || packet.generation !== this.init?.generation) this.gops = [];
    const { type, keyframe, frames, receivedAt, seq, generation } = packet;
    const fragment = {
      packet: { type, keyframe, frames, receivedAt, seq, generation },
      segment,
      offset,
      length,
    };
    if (keyframe) this.gops.push({ startedAt: receivedAt, fragments: [fragment] });
    else this.gops.at(-1)?.fragments.push(fragment);
    // The oldest GOP stays while the next one starts inside the window: it covers its start.
    const since = Date.now() - this.maxAgeMs;
    while (this.gops.length > 1 && this.gops[1].startedAt <= since) this.gops.shift();
  }

  /** The recorder ended: what it wrote may be repaired or gone, and nothing follows it. */
  clear(): void {
    this.gops = [];
    this.init = null;
    this.lastSeq = -1;
  }

  /**
   * A source that replays the past from the keyframe at or before `preRollS` seconds before
   * `anchor` (wall-clock ms), then continues live (see PreRollRing.sourceBefore).
   */
  sourceBefore(anchor: number, preRollS: number): PreRollSource {
    const delivery: PreRollDelivery = { askedS: preRollS, deliveredS: 0, keyframeIntervalS: null };
    const snapshot = (): WrittenFragment[] => {
      const start = pastStart(this.gops, anchor, preRollS, delivery);
      return start === null ? [] : this.gops.slice(start).flatMap((gop) => gop.fragments);
    };
    snapshot();
    return {
      delivery,
      // The past is taken when the recording subscribes, so that it joins the live stream.
      subscribe: (options) => {
        const past = snapshot();
        const live = this.hub.subscribe(options);
        const lastSeq = past.at(-1)?.packet.seq ?? -1;
        return new PreRollSubscription(live, this.init, readBack(past), lastSeq, delivery);
      },
    };
  }
}

/**
 * The fragments' bytes from their files, with the hub's decode times; none if any cannot be
 * read (a clip then starts without its pre-roll rather than with a hole). Read at once, so a
 * clip's start holds its pre-roll in memory until its writer has taken it.
 */
async function readBack(fragments: WrittenFragment[]): Promise<PreRollPast> {
  const out: PreRollPast = [];
  const files = new Map<WrittenSegment, FileHandle>();
  try {
    for (const { packet, segment, offset, length } of fragments) {
      let file = files.get(segment);
      if (!file) {
        file = await openSegment(segment);
        files.set(segment, file);
      }
      const data = Buffer.allocUnsafeSlow(length);
      const { bytesRead } = await file.read(data, 0, length, offset);
      if (bytesRead !== length) throw new Error(`${segment.finalPath}: ${bytesRead} of ${length}`);
      const restored = segment.rebase.restore(data);
      out.push({
        ...packet,
        data: Buffer.from(restored.buffer, restored.byteOffset, restored.byteLength),
      });
    }
    return out;
  } catch {
    return [];
  } finally {
    for (const file of files.values()) await file.close().catch(() => undefined);
  }
}

/** The segment's file: its `.part` while written, renamed (the same file) once finished. */
async function openSegment(segment: WrittenSegment): Promise<FileHandle> {
  try {
    return await open(segment.partPath, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    return open(segment.finalPath, 'r');
  }
}
