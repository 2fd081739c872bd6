import { type InitSegmentInfo, parseFragmentInfo, readInitSegment } from '@camrec/mp4';

/** The video track of an init segment, as segments are cut and counted by it. */
export interface VideoTrackSetup {
  info: InitSegmentInfo;
  videoTrackId: number;
  timescale: number;
  /** RFC 6381, e.g. "avc1.64001f". */
  codec: string;
}

/** What a fragment holds of the video track. */
export interface FragmentVideo {
  /** tfdt of the video track, in its timescale (a Number: exact up to 2^53 ticks). */
  decode: number;
  /** Sum of its video samples' durations, same units. */
  duration: number;
  frames: number;
  /** Its first video sample is a sync sample: a segment may start here. */
  keyframe: boolean;
}

/** Null when the init segment has no usable video track (nothing to record). */
export function readVideoSetup(init: Buffer): VideoTrackSetup | null {
  const info = readInitSegment(init);
  const track = info.tracks.find((t) => t.id === info.videoTrackId);
  if (!track || track.timescale <= 0) return null;
  return { info, videoTrackId: track.id, timescale: track.timescale, codec: track.codec };
}

/**
 * The video of a fragment (moof + mdat, or just the moof); null when it carries no video
 * samples with a decode time (an audio-only fragment).
 */
export function readFragmentVideo(fragment: Buffer, setup: VideoTrackSetup): FragmentVideo | null {
  const parsed = parseFragmentInfo(fragment, setup.info);
  const video = parsed.tracks.find(
    (run) =>
      run.trackId === setup.videoTrackId && run.baseDecodeTime !== null && run.sampleCount > 0,
  );
  if (!video || video.baseDecodeTime === null) return null;
  return {
    decode: Number(video.baseDecodeTime),
    duration: video.duration,
    frames: parsed.frames,
    keyframe: parsed.keyframe,
  };
}
