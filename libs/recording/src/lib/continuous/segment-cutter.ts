import type { SegmentInput } from './segment-source';
import { SegmentSpan } from './segment-span';
import { readFragmentVideo, readVideoSetup, type VideoTrackSetup } from './video-timing';

export interface SegmentCutterOptions {
  /** A segment is cut at the first keyframe once it holds this many seconds. */
  segmentS: number;
  /**
   * A fragment that arrives this much later than its segment's timeline says ends the run:
   * the camera was away and came back with the same init (so no new generation), and its
   * decode times went on as if nothing happened. Default 2000 ms.
   */
  maxLagMs?: number;
  /** Fragments that arrived at or before this (Unix ms) are not recorded (already on disk). */
  notBeforeMs?: number;
}

/** What to do with one input: close a segment, open one, append the input to the open one. */
export interface CutStep {
  closed: SegmentSpan | null;
  /** Starts with `init`; the fragment of this step is its first. */
  opened: { span: SegmentSpan; init: Buffer; setup: VideoTrackSetup } | null;
  write: boolean;
}

const NOTHING: CutStep = { closed: null, opened: null, write: false };
export const DEFAULT_MAX_LAG_MS = 2000;

/**
 * Decides where segments begin and end, without touching a file (pure, so its timing rules
 * are tested without waiting for real time):
 * - a segment starts with the current init and a keyframe fragment; fragments before the
 *   first keyframe of a run are skipped (counted);
 * - a keyframe cuts the segment once it holds `segmentS` seconds of decode time (within half
 *   a frame); the next one starts where it ended on the wall clock: no fake gap, no overlap;
 * - a new init generation (reconnect, encoder restart) or a fragment far behind its timeline
 *   (`maxLagMs`) ends the run: the segment ends at its last frame and the next one is
 *   anchored to the arrival time of its first keyframe, leaving a gap for the time away.
 */
export class SegmentCutter {
  skippedFragments = 0;
  private setup: VideoTrackSetup | null = null;
  private init: { data: Buffer; generation: number } | null = null;
  private current: SegmentSpan | null = null;
  /** Start of the next segment when it continues the run of the one just cut. */
  private continueAtMs: number | null = null;
  /** End of the last closed segment: no segment starts before it. */
  private lastEndMs = -Infinity;
  private readonly maxLagMs: number;

  constructor(private readonly options: SegmentCutterOptions) {
    if (!(options.segmentS > 0)) throw new RangeError('segmentS must be positive');
    this.maxLagMs = options.maxLagMs ?? DEFAULT_MAX_LAG_MS;
  }

  accept(input: SegmentInput): CutStep {
    return input.type === 'init'
      ? this.acceptInit(input.data, input.generation)
      : this.acceptFragment(input.data, input.receivedAt);
  }

  /** The stream ended: the open segment, if any, ends at its last frame. */
  finish(): SegmentSpan | null {
    return this.breakRun();
  }

  private acceptInit(data: Buffer, generation: number): CutStep {
    const same = this.init && this.init.generation === generation && this.init.data.equals(data);
    if (same) return NOTHING;
    this.init = { data, generation };
    this.setup = readVideoSetup(data);
    return { ...NOTHING, closed: this.breakRun() };
  }

  private acceptFragment(data: Buffer, receivedAt: number): CutStep {
    const setup = this.setup;
    const video = setup && readFragmentVideo(data, setup);
    if (!setup || !this.init || !video) {
      // Audio between video frames belongs to the open segment; before one, to nothing.
      if (this.current) return { ...NOTHING, write: true };
      this.skippedFragments += 1;
      return NOTHING;
    }
    let closed: SegmentSpan | null = null;
    const current = this.current;
    if (current && receivedAt - current.wallMsAt(video.decode) > this.maxLagMs) {
      closed = this.breakRun();
    } else if (
      current &&
      video.keyframe &&
      // Half a frame early still counts: camera timestamps jitter by a few ms, and a keyframe
      // due at segmentS must not push the cut a whole GOP later.
      current.secondsTo(video.decode + video.duration / 2) >= this.options.segmentS
    ) {
      closed = this.cut(current);
    }
    if (!this.current) {
      if (!video.keyframe || receivedAt <= (this.options.notBeforeMs ?? -Infinity)) {
        this.skippedFragments += 1;
        return { ...NOTHING, closed };
      }
      const startMs = this.continueAtMs ?? Math.max(Math.round(receivedAt), this.lastEndMs);
      this.continueAtMs = null;
      this.current = new SegmentSpan(startMs, setup.codec, setup.timescale, video.decode);
      this.current.add(video.decode, video.duration, video.frames, video.keyframe);
      const opened = { span: this.current, init: this.init.data, setup };
      return { closed, opened, write: true };
    }
    this.current.add(video.decode, video.duration, video.frames, video.keyframe);
    return { ...NOTHING, closed, write: true };
  }

  /** Ends the open segment; the next continues its run. */
  private cut(current: SegmentSpan): SegmentSpan {
    this.close(current);
    this.continueAtMs = current.endMs;
    return current;
  }

  /** Ends the open segment (if any); the next is anchored anew. */
  private breakRun(): SegmentSpan | null {
    const current = this.current;
    if (current) this.close(current);
    this.continueAtMs = null;
    return current;
  }

  private close(current: SegmentSpan): void {
    this.lastEndMs = current.endMs;
    this.current = null;
  }
}
