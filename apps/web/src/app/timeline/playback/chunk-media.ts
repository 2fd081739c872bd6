import {
  extractSamples,
  Mp4FormatError,
  readInitSegment,
  videoTrack,
  type Mp4TrackInfo,
} from '@camrec/mp4';

/** What a player needs to know of one `playback.mp4` answer. */
export interface ChunkMedia {
  /**
   * The SourceBuffer type with the codecs of every track, e.g.
   * `video/mp4; codecs="avc1.64001f, mp4a.40.2"`: MSE refuses an init segment with more tracks
   * than its type names.
   */
  mime: string;
  track: Mp4TrackInfo;
  /** Presentation times of its video frames, seconds of the player's media timeline, sorted. */
  frameTimesS: number[];
  /** Decode time of its first video frame (a keyframe), seconds. */
  startS: number;
  /** Where its video ends in decode time (the next chunk's first keyframe), seconds. */
  endS: number;
}

/**
 * Reads a chunk: its init segment (for the MIME type) and its video frames' times. Null when it
 * holds no init segment or no video frame.
 */
export function describeChunk(bytes: Uint8Array): ChunkMedia | null {
  let init;
  try {
    init = readInitSegment(bytes);
  } catch (error) {
    if (error instanceof Mp4FormatError) return null;
    throw error;
  }
  const track = videoTrack(init);
  if (!track) return null;
  const samples = extractSamples(bytes, track);
  if (!samples.length) return null;
  const seconds = (ticks: number) => ticks / track.timescale;
  let start = Infinity;
  let end = -Infinity;
  for (const sample of samples) {
    start = Math.min(start, sample.decodeTime);
    end = Math.max(end, sample.decodeTime + sample.duration);
  }
  return {
    mime: init.mime,
    track,
    frameTimesS: samples
      .map((s) => seconds(s.decodeTime + s.compositionOffset))
      .sort((a, b) => a - b),
    startS: seconds(start),
    endS: seconds(end),
  };
}
