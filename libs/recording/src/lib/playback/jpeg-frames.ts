import { extractSamples, videoTrack, type InitSegmentInfo, type Mp4TrackInfo } from '@camrec/mp4';
import type { PlaybackSegment } from './playback-chunk';
import { isInit, readSegmentFragments } from './segment-fragments';
import { UnservableFootageError } from './virtual-mp4';

/** One frame of footage kept as JPEG frames, as the camera sent it. */
export interface JpegFrame {
  /** When it was captured, Unix ms. */
  atMs: number;
  /** Until the next frame, ms: it is shown from `atMs` to `atMs + durationMs`. */
  durationMs: number;
  /** The JPEG: a view into the fragment read, not a copy. */
  jpeg: Uint8Array;
}

export interface JpegFramesRequest {
  /** The instant to play from, Unix ms. */
  atMs: number;
  /** How much footage from there, ms. */
  durationMs: number;
  /** The most JPEG bytes one answer holds (its first frame is sent whatever its size). */
  maxBytes: number;
}

/**
 * Footage kept as JPEG frames (`mjpeg_storage: "jpeg"`), frame by frame, for a player that
 * draws them itself (no browser plays MJPEG in MP4 through Media Source Extensions): from the
 * frame shown at `atMs` (the latest recorded at or before it; in a gap, the next footage's
 * first) up to, not including, the first frame at or after `atMs + durationMs`, or the frame
 * that would take the answer past `maxBytes`. Each is an `mp4v` sample of a segment file, a
 * complete JPEG, read as it lies on disk: nothing is decoded or encoded, and one fragment at a
 * time is in memory. The next answer, asked for from the end of this one's last frame, starts
 * with the frame after it.
 */
export async function* jpegFrames(
  segments: readonly PlaybackSegment[],
  request: JpegFramesRequest,
): AsyncGenerator<JpegFrame> {
  const next = segments.find((segment) => segment.endMs > request.atMs);
  if (!next) return;
  const fromMs = Math.max(request.atMs, next.startMs);
  const endMs = fromMs + request.durationMs;
  /** The frame shown at `fromMs`, sent once a later one proves it is the one. */
  let shown: JpegFrame | null = null;
  let bytes = 0;

  for (const segment of segments) {
    if (segment.endMs <= fromMs) continue;
    if (segment.startMs >= endMs) break;
    let track: Mp4TrackInfo | null = null;
    for await (const item of readSegmentFragments(segment.path)) {
      if (isInit(item)) {
        track = jpegTrack(item.setup.info, segment.path);
        continue;
      }
      if (!track) break;
      for (const sample of extractSamples(item.data, track)) {
        const frame = {
          atMs: segment.startMs + (sample.decodeTime / track.timescale) * 1000,
          durationMs: (sample.duration / track.timescale) * 1000,
          jpeg: sample.data,
        };
        if (frame.atMs <= fromMs) {
          shown = frame;
          continue;
        }
        if (shown) {
          bytes += shown.jpeg.length;
          yield shown;
          shown = null;
        }
        if (frame.atMs >= endMs || (bytes > 0 && bytes + frame.jpeg.length > request.maxBytes)) {
          return;
        }
        bytes += frame.jpeg.length;
        yield frame;
      }
    }
  }
  // The footage ends with the frame shown at `fromMs`.
  if (shown) yield shown;
}

/** The segment's video track when it holds JPEG frames; what else it holds is said. */
function jpegTrack(info: InitSegmentInfo, path: string): Mp4TrackInfo {
  const track = videoTrack(info);
  if (!track || track.sampleEntry !== 'mp4v' || track.timescale <= 0) {
    throw new UnservableFootageError(
      `${path} holds ${track?.codec ?? 'no video'}, not JPEG frames`,
    );
  }
  return track;
}
