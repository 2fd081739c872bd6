import type { FragmentInfo, InitSegmentInfo, Mp4TrackInfo } from '@camrec/mp4';
import type { MediaInfo } from '@camrec/shared-types';
import { SourceFailure } from './source-failure';

const VIDEO_CODECS: Readonly<Record<string, 'h264' | 'hevc'>> = {
  avc1: 'h264',
  avc3: 'h264',
  hvc1: 'hevc',
  hev1: 'hevc',
};

/** The audio a browser plays from the ingest's output: AAC-LC/HE-AAC in `mp4a` (OTI 0x40). */
export function isAacTrack(track: Mp4TrackInfo): boolean {
  return /^mp4a\.40\./.test(track.codec);
}

/**
 * What the camera sends, read from the ingest's own output (its init segment and the timing of
 * its fragments) instead of a separate probe. Null before the init segment; the frame rate is
 * null until two video fragments have arrived.
 */
export class IngestMediaReader {
  private init: InitSegmentInfo | null = null;
  private video: Mp4TrackInfo | null = null;
  private firstDecodeTime: bigint | null = null;
  private lastDecodeTime: bigint | null = null;
  private lastSampleCount = 0;
  /** Frames from the first timed fragment's start to the last one's start. */
  private framesBetween = 0;
  private skippedFirst = false;

  /**
   * @param sourceAudioCodec ffmpeg's name of the camera's audio codec when the ingest
   *   transcodes it; null when the ingest copies (the copied track is then AAC).
   */
  constructor(private readonly sourceAudioCodec: string | null) {}

  /** Throws a SourceFailure for a stream the session cannot show. */
  readInit(info: InitSegmentInfo): void {
    const video = info.tracks.find((t) => t.kind === 'video');
    if (!video) throw new SourceFailure('no_video', 'the stream has no video track');
    if (!VIDEO_CODECS[video.sampleEntry]) {
      throw new SourceFailure('unsupported_codec', `the camera sends ${video.codec} video`);
    }
    this.init = info;
    this.video = video;
    this.firstDecodeTime = null;
    this.lastDecodeTime = null;
    this.framesBetween = 0;
    this.skippedFirst = false;
  }

  readFragment(info: FragmentInfo): void {
    const track = info.tracks.find((t) => t.trackId === this.video?.id && t.sampleCount > 0);
    if (!track || track.baseDecodeTime === null) return;
    // ffmpeg stamps its first output frame by its own start, not the camera's pace (the next
    // one often follows it by a single tick), so timing starts at the second.
    if (!this.skippedFirst) {
      this.skippedFirst = true;
      return;
    }
    if (this.firstDecodeTime === null) this.firstDecodeTime = track.baseDecodeTime;
    else this.framesBetween += this.lastSampleCount;
    this.lastDecodeTime = track.baseDecodeTime;
    this.lastSampleCount = track.sampleCount;
  }

  get media(): MediaInfo | null {
    if (!this.init || !this.video) return null;
    const audio = this.init.tracks.find((t) => t.kind === 'audio');
    return {
      video: {
        codec: VIDEO_CODECS[this.video.sampleEntry],
        width: this.video.width ?? 0,
        height: this.video.height ?? 0,
        fps: this.frameRate(),
      },
      audio: audio ? { codec: 'aac', source_codec: this.sourceAudioCodec ?? 'aac' } : null,
    };
  }

  /**
   * Frames per second over the frames seen so far. Cameras run at a nominal rate and their
   * timestamps jitter around it, so a rate within 2 % of a whole number is that number.
   */
  private frameRate(): number | null {
    if (this.firstDecodeTime === null || this.lastDecodeTime === null || !this.video) return null;
    const span = Number(this.lastDecodeTime - this.firstDecodeTime) / this.video.timescale;
    if (this.framesBetween === 0 || span <= 0) return null;
    const fps = this.framesBetween / span;
    const whole = Math.round(fps);
    if (whole > 0 && Math.abs(fps - whole) / whole <= 0.02) return whole;
    return fps <= 240 ? Math.round(fps * 100) / 100 : null;
  }
}
