import type { SegmentStorage } from '../continuous/segment-sink';
import { jpegToH264Args, type MjpegEncodeSettings, quietArgs } from '../ffmpeg-args';

/** One segment file of the range, with where it starts and ends (Unix ms). */
export interface ExportSegment {
  /** Absolute path. */
  path: string;
  startMs: number;
  endMs: number;
  /** How the file holds the video: `jpeg`, the camera's JPEG frames, is encoded to export. */
  storage: SegmentStorage;
}

export interface ExportPlan {
  /** The concat list: the segment files in order. */
  list: string;
  /** The segments the range uses, in order. */
  segments: ExportSegment[];
  /** Where the in-point lies in the joined footage, seconds. */
  offsetS: number;
  /** Seconds of footage from the in-point to the out-point (gaps between segments skipped). */
  durationS: number;
  /**
   * The footage is JPEG frames (`mjpeg_storage: "jpeg"`): encoded to H.264, which players
   * take; any other footage has its streams copied.
   */
  jpegFrames: boolean;
}

/**
 * How ffmpeg's concat demuxer should read [startMs, endMs) out of `segments` (by start, not
 * overlapping): the files that hold it, the in-point's offset into their joined footage, and
 * the footage's length up to the out-point. A gap between two segments (the camera away) is
 * not in the joined footage: it is skipped, not counted.
 *
 * Each file's duration is stated in the list. Without it the demuxer learns a file's length
 * only by reading it, and a seek into the first keyframe interval of the first file (an in-point
 * less than a GOP after a segment's start) landed on the next keyframe instead: the export
 * began up to a GOP late, behind an empty edit (ffmpeg 5.1).
 */
export function planExport(segments: ExportSegment[], startMs: number, endMs: number): ExportPlan {
  const used = segments.filter((s) => s.endMs > startMs && s.startMs < endMs);
  if (!used.length) throw new RangeError('no footage in the range');
  // One ffmpeg run reads one codec: JPEG frames and video cannot be joined.
  const jpeg = used.filter((s) => s.storage === 'jpeg');
  if (jpeg.length && jpeg.length < used.length) {
    const change = used.find(
      (s, i) => i > 0 && (s.storage === 'jpeg') !== (used[0].storage === 'jpeg'),
    );
    throw new RangeError(
      `the footage changes from ${used[0].storage === 'jpeg' ? 'JPEG frames to video' : 'video to JPEG frames'} at ${new Date(change?.startMs ?? startMs).toISOString()}: export the two parts one by one`,
    );
  }
  const first = used[0];
  const offsetMs = Math.max(0, startMs - first.startMs);
  const durationMs = used.reduce(
    (sum, s) => sum + Math.min(s.endMs, endMs) - Math.max(s.startMs, startMs),
    0,
  );
  return {
    list: used
      .map(
        (s) =>
          `file '${s.path.replace(/'/g, "'\\''")}'\nduration ${((s.endMs - s.startMs) / 1000).toFixed(3)}\n`,
      )
      .join(''),
    segments: used,
    offsetS: offsetMs / 1000,
    durationS: durationMs / 1000,
    jpegFrames: jpeg.length > 0,
  };
}

/**
 * The joined segments from the in-point for `durationS`, streams copied (nothing re-encoded),
 * audio kept, index first: seeking the input (`-ss` before `-i`) with stream copy starts at the
 * keyframe before the in-point and writes an MP4 edit list that starts playback at the in-point
 * itself. `-progress pipe:1` reports how far it got. (A stream with B-frames starts up to its
 * frame reordering delay early: ffmpeg counts the edit list from decode, not display, times.)
 * JPEG frames are encoded with `encode` instead, from the first frame at the in-point (every
 * JPEG is a keyframe; frames decoded before it are dropped).
 */
export function exportArgs(
  listPath: string,
  plan: ExportPlan,
  outputPath: string,
  encode: MjpegEncodeSettings,
): string[] {
  const streams = plan.jpegFrames
    ? ['-map', '0:v:0', ...jpegToH264Args(encode)]
    : ['-map', '0', '-c', 'copy'];
  return [
    ...quietArgs(),
    '-nostdin',
    '-y',
    ...['-ss', plan.offsetS.toFixed(3)],
    // auto_convert off: the concat demuxer would otherwise put the parameter sets in front of
    // every keyframe (h264_mp4toannexb), so the keyframes would no longer be the camera's bytes.
    ...['-f', 'concat', '-safe', '0', '-auto_convert', '0', '-i', listPath],
    ...['-t', plan.durationS.toFixed(3)],
    ...streams,
    ...['-movflags', '+faststart'],
    ...['-progress', 'pipe:1', '-f', 'mp4', outputPath],
  ];
}
