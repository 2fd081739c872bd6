import { readUint32 } from './bytes';
import type { InitSegmentInfo } from './init-segment-info';
import { childBoxes, findChild, findChildren, type BoxRange } from './mp4-box-walk';
import { Mp4FormatError } from './mp4-format-error';
import {
  NON_SYNC_SAMPLE,
  readDecodeTime,
  readTrackFragmentHeader,
  readTrackRunHeader,
  TRUN_DURATION,
  TRUN_FLAGS,
  TRUN_SIZE,
} from './traf-fields';

export interface TrackFragmentInfo {
  trackId: number;
  sampleCount: number;
  /** Sum of the sample durations, in the track's timescale. */
  duration: number;
  /** tfdt baseMediaDecodeTime, or null when the fragment has no tfdt. */
  baseDecodeTime: bigint | null;
  /** Absolute offset of the baseMediaDecodeTime field in the fragment's bytes (to rewrite it). */
  baseDecodeTimeOffset: number;
  baseDecodeTimeBytes: 4 | 8;
  /** Flags of the first sample, resolved through trun, tfhd and trex. */
  firstSampleFlags: number;
}

export interface FragmentInfo {
  /** True when the first video sample is a sync sample: a decoder may start here. */
  keyframe: boolean;
  /** Number of video samples. */
  frames: number;
  tracks: TrackFragmentInfo[];
}

/** Reads a fragment (moof + mdat and whatever ffmpeg wrote between) against its init segment. */
export function parseFragmentInfo(fragment: Uint8Array, init: InitSegmentInfo): FragmentInfo {
  const moof = [...childBoxes(fragment, 0, fragment.length)].find((box) => box.type === 'moof');
  if (!moof) throw new Mp4FormatError('fragment has no moof box');
  const tracks = findChildren(fragment, moof, 'traf').map((traf) =>
    readTrackFragment(fragment, traf, init),
  );
  const video = tracks.find((t) => t.trackId === init.videoTrackId && t.sampleCount > 0);
  return {
    keyframe: video ? (video.firstSampleFlags & NON_SYNC_SAMPLE) === 0 : false,
    frames: tracks
      .filter((t) => t.trackId === init.videoTrackId)
      .reduce((n, t) => n + t.sampleCount, 0),
    tracks,
  };
}

function readTrackFragment(
  buf: Uint8Array,
  traf: BoxRange,
  init: InitSegmentInfo,
): TrackFragmentInfo {
  const tfhd = findChild(buf, traf, 'tfhd');
  if (!tfhd) throw new Mp4FormatError('traf has no tfhd box');
  const trackId = readUint32(buf, tfhd.bodyStart + 4);
  const header = readTrackFragmentHeader(
    buf,
    tfhd,
    init.tracks.find((t) => t.id === trackId),
  );
  const info: TrackFragmentInfo = {
    trackId,
    sampleCount: 0,
    duration: 0,
    baseDecodeTime: null,
    baseDecodeTimeOffset: -1,
    baseDecodeTimeBytes: 8,
    firstSampleFlags: header.defaultFlags,
  };
  const tfdt = findChild(buf, traf, 'tfdt');
  if (tfdt) {
    const time = readDecodeTime(buf, tfdt);
    info.baseDecodeTime = time.value;
    info.baseDecodeTimeOffset = time.offset;
    info.baseDecodeTimeBytes = time.bytes;
  }
  for (const trun of findChildren(buf, traf, 'trun')) {
    readTrun(buf, trun, info, header.defaultDuration, header.defaultFlags);
  }
  return info;
}

function readTrun(
  buf: Uint8Array,
  trun: BoxRange,
  info: TrackFragmentInfo,
  defaultDuration: number,
  defaultFlags: number,
): void {
  const run = readTrackRunHeader(buf, trun);
  const { flags, sampleCount: count, samplesAt: pos, sampleBytes: perSample } = run;
  let firstFlags = run.firstSampleFlags;
  const flagsOffset = (flags & TRUN_DURATION ? 4 : 0) + (flags & TRUN_SIZE ? 4 : 0);
  if (firstFlags === null && count > 0) {
    firstFlags = flags & TRUN_FLAGS ? readUint32(buf, pos + flagsOffset) : defaultFlags;
  }
  if (info.sampleCount === 0 && count > 0 && firstFlags !== null)
    info.firstSampleFlags = firstFlags;
  if (flags & TRUN_DURATION) {
    for (let i = 0; i < count; i++) info.duration += readUint32(buf, pos + i * perSample);
  } else {
    info.duration += defaultDuration * count;
  }
  info.sampleCount += count;
}
