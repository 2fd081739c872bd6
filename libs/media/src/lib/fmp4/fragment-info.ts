import type { InitSegmentInfo } from './init-segment-info';
import { childBoxes, findChild, findChildren, fullBoxHeader, type BoxRange } from './mp4-box-walk';
import { Mp4FormatError } from './mp4-format-error';

/** ISO 14496-12 sample_flags: sample_is_non_sync_sample. */
const NON_SYNC_SAMPLE = 0x00010000;

// tfhd flags
const TFHD_BASE_DATA_OFFSET = 0x01;
const TFHD_SAMPLE_DESCRIPTION_INDEX = 0x02;
const TFHD_DEFAULT_DURATION = 0x08;
const TFHD_DEFAULT_SIZE = 0x10;
const TFHD_DEFAULT_FLAGS = 0x20;
// trun flags
const TRUN_DATA_OFFSET = 0x01;
const TRUN_FIRST_SAMPLE_FLAGS = 0x04;
const TRUN_DURATION = 0x100;
const TRUN_SIZE = 0x200;
const TRUN_FLAGS = 0x400;
const TRUN_CTS = 0x800;

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
export function parseFragmentInfo(fragment: Buffer, init: InitSegmentInfo): FragmentInfo {
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

function readTrackFragment(buf: Buffer, traf: BoxRange, init: InitSegmentInfo): TrackFragmentInfo {
  const tfhd = findChild(buf, traf, 'tfhd');
  if (!tfhd) throw new Mp4FormatError('traf has no tfhd box');
  const { flags: tfhdFlags } = fullBoxHeader(buf, tfhd);
  let pos = tfhd.bodyStart + 4;
  const trackId = buf.readUInt32BE(pos);
  pos += 4;
  const track = init.tracks.find((t) => t.id === trackId);
  let defaultDuration = track?.defaultSampleDuration ?? 0;
  let defaultFlags = track?.defaultSampleFlags ?? 0;
  if (tfhdFlags & TFHD_BASE_DATA_OFFSET) pos += 8;
  if (tfhdFlags & TFHD_SAMPLE_DESCRIPTION_INDEX) pos += 4;
  if (tfhdFlags & TFHD_DEFAULT_DURATION) {
    defaultDuration = buf.readUInt32BE(pos);
    pos += 4;
  }
  if (tfhdFlags & TFHD_DEFAULT_SIZE) pos += 4;
  if (tfhdFlags & TFHD_DEFAULT_FLAGS) defaultFlags = buf.readUInt32BE(pos);

  const info: TrackFragmentInfo = {
    trackId,
    sampleCount: 0,
    duration: 0,
    baseDecodeTime: null,
    baseDecodeTimeOffset: -1,
    baseDecodeTimeBytes: 8,
    firstSampleFlags: defaultFlags,
  };
  const tfdt = findChild(buf, traf, 'tfdt');
  if (tfdt) {
    const wide = fullBoxHeader(buf, tfdt).version === 1;
    info.baseDecodeTimeOffset = tfdt.bodyStart + 4;
    info.baseDecodeTimeBytes = wide ? 8 : 4;
    info.baseDecodeTime = wide
      ? buf.readBigUInt64BE(info.baseDecodeTimeOffset)
      : BigInt(buf.readUInt32BE(info.baseDecodeTimeOffset));
  }
  for (const trun of findChildren(buf, traf, 'trun')) {
    readTrun(buf, trun, info, defaultDuration, defaultFlags);
  }
  return info;
}

function readTrun(
  buf: Buffer,
  trun: BoxRange,
  info: TrackFragmentInfo,
  defaultDuration: number,
  defaultFlags: number,
): void {
  const { flags } = fullBoxHeader(buf, trun);
  let pos = trun.bodyStart + 4;
  const count = buf.readUInt32BE(pos);
  pos += 4;
  if (flags & TRUN_DATA_OFFSET) pos += 4;
  let firstFlags: number | null = null;
  if (flags & TRUN_FIRST_SAMPLE_FLAGS) {
    firstFlags = buf.readUInt32BE(pos);
    pos += 4;
  }
  const perSample =
    (flags & TRUN_DURATION ? 4 : 0) +
    (flags & TRUN_SIZE ? 4 : 0) +
    (flags & TRUN_FLAGS ? 4 : 0) +
    (flags & TRUN_CTS ? 4 : 0);
  if (pos + perSample * count > trun.end) throw new Mp4FormatError('trun overruns its box');
  const flagsOffset = (flags & TRUN_DURATION ? 4 : 0) + (flags & TRUN_SIZE ? 4 : 0);
  if (firstFlags === null && count > 0) {
    firstFlags = flags & TRUN_FLAGS ? buf.readUInt32BE(pos + flagsOffset) : defaultFlags;
  }
  if (info.sampleCount === 0 && count > 0 && firstFlags !== null)
    info.firstSampleFlags = firstFlags;
  if (flags & TRUN_DURATION) {
    for (let i = 0; i < count; i++) info.duration += buf.readUInt32BE(pos + i * perSample);
  } else {
    info.duration += defaultDuration * count;
  }
  info.sampleCount += count;
}
