import {
  parseFragmentInfo,
  type InitSegmentInfo,
  type Mp4TrackInfo,
  type TrackFragmentInfo,
} from '@camrec/media';
import { readInitSegment } from './mp4-boxes';

export interface PlacedFragment {
  /** The fragment as it goes to disk (a copy with shifted decode times after a restart). */
  data: Buffer;
  /** Where the fragment's video starts, in seconds after the clip's first video sample. */
  videoStartS: number | null;
  /** Counts the fragment into the clip's duration once it is on disk. */
  commit(): void;
}

interface TrackState {
  info: Mp4TrackInfo;
  /** Added to every incoming decode time of the current ingest generation. */
  offset: number;
  /** The current generation has not placed a fragment of this track yet. */
  awaitingFirst: boolean;
  /** End of the last placed sample on the clip's timeline (track timescale). */
  end: number;
  /** First placed decode time on the clip's timeline; null before the first fragment. */
  first: number | null;
}

/**
 * Follows the decode times of the fragments written to one clip, so the writer knows how
 * much video it holds, and keeps the timeline continuous when the ingest restarts (a camera
 * reconnect restarts ffmpeg's timestamps; the gap is closed instead of going backwards).
 */
export class FragmentTimeline {
  private readonly init: InitSegmentInfo;
  private readonly tracks: TrackState[];
  private readonly video: TrackState | undefined;
  /** Set by `restart()`; consumed by the first fragment of the new generation. */
  private restartPending = false;

  constructor(init: Buffer) {
    this.init = readInitSegment(init);
    this.tracks = this.init.tracks.map((info) => ({
      info,
      offset: 0,
      awaitingFirst: false,
      end: 0,
      first: null,
    }));
    this.video = this.tracks.find((track) => track.info.id === this.init.videoTrackId);
  }

  /** Seconds of video placed so far. */
  get videoDurationS(): number {
    const video = this.video;
    if (!video || video.first === null) return 0;
    return (video.end - video.first) / video.info.timescale;
  }

  /** The ingest started over with the same codec setup: the next fragments continue the clip. */
  restart(): void {
    this.restartPending = true;
    for (const track of this.tracks) track.awaitingFirst = true;
  }

  place(fragment: Buffer): PlacedFragment {
    const runs = parseFragmentInfo(fragment, this.init).tracks.filter(
      (run) => run.baseDecodeTime !== null,
    );
    if (this.restartPending && runs.length > 0) this.alignGeneration(runs);
    let data = fragment;
    let videoStartS: number | null = null;
    const spans: Array<{ track: TrackState; start: number; end: number }> = [];
    for (const run of runs) {
      const track = this.trackOf(run);
      if (!track) continue;
      const base = Number(run.baseDecodeTime);
      if (track.awaitingFirst) {
        // A track may start later than the one that set the offset: never overlap its past.
        track.offset = Math.max(track.offset, track.end - base);
        track.awaitingFirst = false;
      }
      const placed = base + track.offset;
      if (track.offset !== 0) {
        if (data === fragment) data = Buffer.from(fragment);
        writeDecodeTime(data, run.baseDecodeTimeOffset, run.baseDecodeTimeBytes, placed);
      }
      spans.push({ track, start: placed, end: placed + run.duration });
      if (track === this.video) {
        videoStartS = (placed - (track.first ?? placed)) / track.info.timescale;
      }
    }
    const commit = () => {
      for (const span of spans) {
        span.track.first ??= span.start;
        span.track.end = Math.max(span.track.end, span.end);
      }
    };
    return { data, videoStartS, commit };
  }

  private trackOf(run: TrackFragmentInfo): TrackState | undefined {
    return this.tracks.find((track) => track.info.id === run.trackId);
  }

  /** The new generation starts where the longest track ended, the same instant for all tracks. */
  private alignGeneration(runs: TrackFragmentInfo[]): void {
    this.restartPending = false;
    const endS = Math.max(...this.tracks.map((t) => t.end / t.info.timescale));
    const startS = Math.min(
      ...runs.map((run) => {
        const track = this.trackOf(run);
        return track ? Number(run.baseDecodeTime) / track.info.timescale : Infinity;
      }),
    );
    const shiftS = Number.isFinite(startS) ? endS - startS : 0;
    for (const track of this.tracks) track.offset = Math.round(shiftS * track.info.timescale);
  }
}

function writeDecodeTime(buffer: Buffer, at: number, bytes: 4 | 8, value: number): void {
  if (bytes === 8) {
    buffer.writeBigUInt64BE(BigInt(value), at);
  } else if (value <= 0xffffffff) {
    buffer.writeUInt32BE(value, at);
  } else {
    throw new Error('decode time no longer fits the fragment (32-bit tfdt)');
  }
}
