import { createHash } from 'node:crypto';
import { withStartEdit } from '@camrec/mp4';
import { sameCodecSetup } from '../codec-setup';
import type { VideoTrackSetup } from '../continuous/video-timing';
import { fragmentStartMs } from './fragment-shift';
import type { PlaybackSegment } from './playback-chunk';
import { isInit, readSegmentFragments } from './segment-fragments';
import { readSegmentHead, type SegmentHead, type SegmentHeadCache } from './segment-head';

const MAX_32 = 0xffffffff;
/** Segment heads read at once: a day is 1440 small reads (about 150 ms on the 2-core machine). */
const HEAD_READS = 16;

/** A final segment file of the footage; `bytes`, the index's size, is trusted as its size. */
export interface FootageSegment extends PlaybackSegment {
  bytes?: number;
}

/** Bytes of a virtual MP4: sent as they are, or a file's byte range with its tfdts shifted. */
export type VirtualMp4Piece =
  | { kind: 'bytes'; at: number; data: Uint8Array }
  | {
      kind: 'file';
      /** Where the piece starts in the virtual file. */
      at: number;
      path: string;
      /** File offsets [from, to): whole top-level boxes (fragments), from a keyframe's moof. */
      from: number;
      to: number;
      setup: VideoTrackSetup;
      /** Added to the segment's decode times (see shiftFragment). */
      offsetMs: number;
    };

/**
 * Recorded footage as one MP4 file that exists only as this plan: the first segment's init
 * segment, then the fragments of the segments in range, each moved onto one timeline (see
 * readVirtualMp4). Its size is known before a byte is read, so it can be served with
 * Content-Length and byte ranges.
 */
export interface VirtualMp4 {
  size: number;
  pieces: VirtualMp4Piece[];
  /**
   * The instant the file's presentation starts at, Unix ms: the start asked for (an edit list
   * over the keyframe before it), or that keyframe where the init's edit lists could not be
   * rewritten (or the start lies in a gap: the next footage's first frame).
   */
  startMs: number;
  /** Where the footage sent ends, Unix ms: `endMs`, or the end of the footage before it. */
  endMs: number;
  /** Media time of the whole file, ms: gaps between the segments are skipped. */
  durationMs: number;
  /** Strong validator: the same plan is the same bytes. */
  etag: string;
}

/** The camera's codec setup (resolution, profile…) changes inside the range, at `atMs`. */
export class CodecSetupChangeError extends Error {
  constructor(readonly atMs: number) {
    super(`the camera's codec setup changes at ${new Date(atMs).toISOString()}`);
  }
}

/** Footage this plan cannot serve byte-exactly (not a segment, or 32-bit times that overflow). */
export class UnservableFootageError extends Error {}

/**
 * Plans the virtual MP4 of [startMs, endMs) from the segments overlapping it (in time order,
 * final: a segment still being written would change under a reader): from the keyframe at or
 * before `startMs` (in a gap: the next footage's first) to the last frame that decodes before
 * `endMs`, shown from `startMs` itself through an edit list in the init segment (the frames
 * before it are decoded, not shown). Time 0 of the media is the first frame sent; gaps
 * between segments are skipped (the next segment's first frame follows the previous one's
 * last), so a player runs through them.
 * Reads the head of every segment (sizes, init) and the fragments of the first and last one.
 * Null when there is no footage in the range.
 * @throws CodecSetupChangeError where a segment's codec setup differs from the first's.
 */
export async function planVirtualMp4(
  segments: readonly FootageSegment[],
  range: { startMs: number; endMs: number },
  heads?: SegmentHeadCache,
): Promise<VirtualMp4 | null> {
  const inRange = segments.filter((s) => s.endMs > range.startMs && s.startMs < range.endMs);
  if (!inRange.length) return null;
  const segmentHeads = await readHeads(inRange, heads);
  const first = segmentHeads[0];
  const cut = await firstCut(inRange[0], Math.max(range.startMs, inRange[0].startMs));
  if (!cut) return null;
  const lastIndex = inRange.length - 1;
  const endCut = await lastCut(inRange[lastIndex], range.endMs, segmentHeads[lastIndex]);

  // An in-point between keyframes: an edit list starts the presentation there (the frames
  // before it from the keyframe are decoded, not shown). Time 0 of the file is `originMs`.
  const keyframeAtMs = inRange[0].startMs + cut.keyframeMs;
  const inPointMs =
    range.startMs > keyframeAtMs ? range.startMs - (inRange[0].startMs + cut.originMs) : 0;
  const edited = inPointMs > 0 ? withStartEdit(first.init, inPointMs / 1000) : null;
  const init = edited ?? first.init;
  const pieces: VirtualMp4Piece[] = [{ kind: 'bytes', at: 0, data: init }];
  let at = init.length;
  // Timeline ms where the current segment's decode time 0 lands.
  let segmentZeroMs = -cut.originMs;
  let endMs = inRange[0].startMs;
  for (let i = 0; i < inRange.length; i++) {
    const segment = inRange[i];
    const head = segmentHeads[i];
    if (!head.init.equals(first.init) && !sameCodecSetup(first.init, head.init)) {
      throw new CodecSetupChangeError(segment.startMs);
    }
    const from = i === 0 ? cut.offset : head.initEnd;
    const to = i === lastIndex ? endCut.offset : head.fileBytes;
    const lengthMs = segment.endMs - segment.startMs;
    checkDecodeTimeWidth(segment, head, segmentZeroMs + lengthMs);
    if (to > from) {
      pieces.push({
        kind: 'file',
        at,
        path: segment.path,
        from,
        to,
        setup: head.setup,
        offsetMs: segmentZeroMs,
      });
      at += to - from;
      endMs = i === lastIndex ? (endCut.atMs ?? segment.endMs) : segment.endMs;
    }
    segmentZeroMs += lengthMs;
  }
  const startMs = edited ? range.startMs : keyframeAtMs;
  const durationMs = segmentZeroMs - (inRange[lastIndex].endMs - endMs) - (edited ? inPointMs : 0);
  return { size: at, pieces, startMs, endMs, durationMs, etag: tagOf(pieces, init) };
}

/** Heads of the segments, a few reads at a time; a segment without one cannot be served. */
async function readHeads(
  segments: readonly FootageSegment[],
  cache: SegmentHeadCache | undefined,
): Promise<SegmentHead[]> {
  const heads: SegmentHead[] = new Array(segments.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < segments.length; i = next++) {
      const { path, bytes } = segments[i];
      const head = await (cache ? cache.read(path, bytes) : readSegmentHead(path, bytes));
      if (!head)
        throw new UnservableFootageError(`${segments[i].path} is no fragmented MP4 segment`);
      heads[i] = head;
    }
  };
  await Promise.all(Array.from({ length: Math.min(HEAD_READS, segments.length) }, worker));
  // One init object for identical setups: the codec check above is then a pointer compare.
  return heads;
}

interface StartCut {
  /** File offset of the keyframe's moof. */
  offset: number;
  /** Its video decode time, ms from the segment's 0. */
  keyframeMs: number;
  /** Where its earliest track starts (audio may start a hair before), ms from the segment's 0. */
  originMs: number;
}

/** The keyframe at or before `atMs` in the segment, or its first keyframe after. */
async function firstCut(segment: PlaybackSegment, atMs: number): Promise<StartCut | null> {
  let setup: VideoTrackSetup | null = null;
  let candidate: StartCut | null = null;
  for await (const item of readSegmentFragments(segment.path)) {
    if (isInit(item)) {
      setup = item.setup;
      continue;
    }
    if (!setup || !item.video) continue;
    const keyframeMs = (item.video.decode / setup.timescale) * 1000;
    const past = segment.startMs + keyframeMs > atMs;
    if (past && candidate) return candidate;
    if (item.video.keyframe) {
      candidate = {
        offset: item.offset,
        keyframeMs,
        originMs: Math.min(keyframeMs, fragmentStartMs(item.data, setup) ?? keyframeMs),
      };
      if (past) return candidate;
    }
  }
  return candidate;
}

/**
 * The first fragment whose video decodes at or after `endMs`: the file ends before it. Every
 * frame shown before `endMs` decodes before it too (a frame is never shown before it is
 * decoded), so nothing it needs is cut, B-frames included.
 */
async function lastCut(
  segment: PlaybackSegment,
  endMs: number,
  head: SegmentHead,
): Promise<{ offset: number; atMs: number | null }> {
  if (segment.endMs <= endMs) return { offset: head.fileBytes, atMs: null };
  for await (const item of readSegmentFragments(segment.path)) {
    if (isInit(item) || !item.video) continue;
    const atMs = segment.startMs + (item.video.decode / head.setup.timescale) * 1000;
    if (atMs >= endMs) return { offset: item.offset, atMs };
  }
  return { offset: head.fileBytes, atMs: null };
}

/**
 * A 32-bit tfdt must hold the segment's latest decode time on the file's timeline: the bytes
 * are counted before they are read, so no time may be widened on the way.
 */
function checkDecodeTimeWidth(segment: PlaybackSegment, head: SegmentHead, endMs: number): void {
  if (!head.narrowDecodeTime) return;
  const timescale = Math.max(...head.setup.info.tracks.map((t) => t.timescale));
  if ((endMs * timescale) / 1000 > MAX_32) {
    throw new UnservableFootageError(
      `${segment.path} has 32-bit decode times that cannot reach ${Math.round(endMs / 1000)} s into the file`,
    );
  }
}

function tagOf(pieces: VirtualMp4Piece[], init: Uint8Array): string {
  const hash = createHash('sha1').update(init);
  for (const piece of pieces) {
    if (piece.kind === 'file')
      hash.update(`${piece.path}\0${piece.from}\0${piece.to}\0${piece.offsetMs}\0`);
  }
  return `"${hash.digest('base64url')}"`;
}
