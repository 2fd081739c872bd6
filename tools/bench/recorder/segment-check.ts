// What the continuous segments of a window say about frames lost: every segment final, each at
// the camera's rate (frames ÷ duration from the index, and from the file when probed), and the
// window covered without a hole.
import type { SegmentInfo } from '@camrec/shared-types';
import type { ProbedRecording } from '../probe';
import type { SegmentCheck } from '../results';
import { FULL_RATE_SHARE } from '../scale';
import { maxOf, minOf, round } from '../stats';

/** A hole in a camera's segments longer than this within the window is footage lost. */
export const MAX_GAP_S = 1;
/** Share of the window a camera's segments must cover (the rest: clock rounding at its ends). */
export const MIN_COVERAGE = 0.98;

export interface CameraSegments {
  cameraId: string;
  segments: SegmentInfo[];
  /** ffprobe's reading of each segment's file, in the same order; omitted: not probed. */
  files?: ProbedRecording[];
}

const spanOf = (s: SegmentInfo) => ({
  start: Date.parse(s.started_at),
  end: Date.parse(s.ended_at),
});

/** Frames ÷ seconds of video of a segment from its index row; null for one without duration. */
export function indexFps(segment: SegmentInfo): number | null {
  const { start, end } = spanOf(segment);
  return end > start ? segment.frames / ((end - start) / 1000) : null;
}

/** Share of [fromMs, toMs) that `segments` cover, and the longest hole in it (seconds). */
export function coverage(
  segments: SegmentInfo[],
  fromMs: number,
  toMs: number,
): { share: number; gapS: number } {
  const spans = segments
    .map(spanOf)
    .map(({ start, end }) => ({ start: Math.max(start, fromMs), end: Math.min(end, toMs) }))
    .filter(({ start, end }) => end > start)
    .sort((a, b) => a.start - b.start);
  let covered = 0;
  let gap = 0;
  let at = fromMs;
  for (const { start, end } of spans) {
    gap = Math.max(gap, start - at);
    if (end > at) {
      covered += end - Math.max(start, at);
      at = end;
    }
  }
  gap = Math.max(gap, toMs - at);
  return { share: toMs > fromMs ? covered / (toMs - fromMs) : 0, gapS: gap / 1000 };
}

/** The check over every camera's segments of the window [fromMs, toMs). */
export function checkSegments(
  cameras: CameraSegments[],
  fromMs: number,
  toMs: number,
  referenceFps: number | null,
): SegmentCheck {
  const floor = referenceFps === null ? null : FULL_RATE_SHARE * referenceFps;
  const indexRates: number[] = [];
  const fileRates: number[] = [];
  const coverages: number[] = [];
  const gaps: number[] = [];
  let segments = 0;
  let notFinal = 0;
  let unplayable = 0;
  let belowRate = 0;
  let bytes = 0;
  let videoS = 0;
  for (const camera of cameras) {
    camera.segments.forEach((segment, i) => {
      segments++;
      if (segment.state !== 'final') notFinal++;
      const { start, end } = spanOf(segment);
      bytes += segment.bytes;
      videoS += Math.max(0, end - start) / 1000;
      const rate = indexFps(segment);
      if (rate !== null) indexRates.push(rate);
      const file = camera.files?.[i];
      if (file && !file.playable) unplayable++;
      if (file?.fps !== null && file?.fps !== undefined) fileRates.push(file.fps);
      const slow = (fps: number | null | undefined) =>
        floor !== null && fps !== null && fps !== undefined && fps < floor;
      if (slow(rate) || slow(file?.fps)) belowRate++;
    });
    const { share, gapS } = coverage(camera.segments, fromMs, toMs);
    coverages.push(share);
    gaps.push(gapS);
  }
  return {
    segments,
    not_final: notFinal,
    index_fps_min: minOf(indexRates),
    file_fps_min: cameras.some((c) => c.files) ? minOf(fileRates) : null,
    unplayable,
    below_rate: belowRate,
    coverage_min: minOf(coverages, 4),
    gap_s_max: maxOf(gaps, 2),
    mb_per_minute: videoS > 0 ? round(bytes / 1e6 / (videoS / 60), 2) : null,
  };
}

/** No frame lost: segments final, at rate, playable, and the window covered without a hole. */
export const segmentsWhole = (check: SegmentCheck): boolean =>
  check.segments > 0 &&
  check.not_final === 0 &&
  check.below_rate === 0 &&
  check.unplayable === 0 &&
  check.coverage_min !== null &&
  check.coverage_min >= MIN_COVERAGE &&
  check.gap_s_max !== null &&
  check.gap_s_max <= MAX_GAP_S;
