import { readBigUint64, readInt32, readUint32 } from './bytes';
import type { Mp4TrackInfo } from './init-segment-info';
import { fullBoxHeader, type BoxRange } from './mp4-box-walk';
import { Mp4FormatError } from './mp4-format-error';

/*
 * The fields of a track fragment (`traf`: tfhd, tfdt, trun; ISO 14496-12 §8.8) that both
 * fragment readers use: FragmentInfo (what the hub needs) and extractSamples (the decoders').
 * Internal to this lib.
 */

/** ISO 14496-12 sample_flags: sample_is_non_sync_sample. */
export const NON_SYNC_SAMPLE = 0x00010000;

// tfhd flags
const TFHD_BASE_DATA_OFFSET = 0x01;
const TFHD_SAMPLE_DESCRIPTION_INDEX = 0x02;
const TFHD_DEFAULT_DURATION = 0x08;
const TFHD_DEFAULT_SIZE = 0x10;
const TFHD_DEFAULT_FLAGS = 0x20;
// trun flags
const TRUN_DATA_OFFSET = 0x01;
const TRUN_FIRST_SAMPLE_FLAGS = 0x04;
export const TRUN_DURATION = 0x100;
export const TRUN_SIZE = 0x200;
export const TRUN_FLAGS = 0x400;
export const TRUN_CTS = 0x800;

/** A `tfhd`: its track and the sample defaults it states, or the track's trex defaults. */
export interface TrackFragmentHeader {
  trackId: number;
  flags: number;
  defaultDuration: number;
  defaultSize: number;
  defaultFlags: number;
}

/** `track` gives the trex defaults; null when it is unknown (then they are 0). */
export function readTrackFragmentHeader(
  buf: Uint8Array,
  tfhd: BoxRange,
  track: Mp4TrackInfo | null | undefined,
): TrackFragmentHeader {
  const { flags } = fullBoxHeader(buf, tfhd);
  let pos = tfhd.bodyStart + 4;
  const trackId = readUint32(buf, pos);
  pos += 4;
  const header = {
    trackId,
    flags,
    defaultDuration: track?.defaultSampleDuration ?? 0,
    defaultSize: track?.defaultSampleSize ?? 0,
    defaultFlags: track?.defaultSampleFlags ?? 0,
  };
  if (flags & TFHD_BASE_DATA_OFFSET) pos += 8;
  if (flags & TFHD_SAMPLE_DESCRIPTION_INDEX) pos += 4;
  if (flags & TFHD_DEFAULT_DURATION) {
    header.defaultDuration = readUint32(buf, pos);
    pos += 4;
  }
  if (flags & TFHD_DEFAULT_SIZE) {
    header.defaultSize = readUint32(buf, pos);
    pos += 4;
  }
  if (flags & TFHD_DEFAULT_FLAGS) header.defaultFlags = readUint32(buf, pos);
  return header;
}

/** True when the samples' data offsets count from an absolute base (not from the moof). */
export function hasBaseDataOffset(header: TrackFragmentHeader): boolean {
  return (header.flags & TFHD_BASE_DATA_OFFSET) !== 0;
}

/** The fixed fields of a `trun`; its per-sample records start at `samplesAt`. */
export interface TrackRunHeader {
  version: number;
  flags: number;
  sampleCount: number;
  /** data_offset, or null when the run does not state one. */
  dataOffset: number | null;
  /** first_sample_flags, or null when the run does not state them. */
  firstSampleFlags: number | null;
  samplesAt: number;
  /** Bytes of each per-sample record. */
  sampleBytes: number;
}

export function readTrackRunHeader(buf: Uint8Array, trun: BoxRange): TrackRunHeader {
  const { version, flags } = fullBoxHeader(buf, trun);
  let pos = trun.bodyStart + 4;
  const sampleCount = readUint32(buf, pos);
  pos += 4;
  let dataOffset: number | null = null;
  if (flags & TRUN_DATA_OFFSET) {
    dataOffset = readInt32(buf, pos);
    pos += 4;
  }
  let firstSampleFlags: number | null = null;
  if (flags & TRUN_FIRST_SAMPLE_FLAGS) {
    firstSampleFlags = readUint32(buf, pos);
    pos += 4;
  }
  const sampleBytes =
    (flags & TRUN_DURATION ? 4 : 0) +
    (flags & TRUN_SIZE ? 4 : 0) +
    (flags & TRUN_FLAGS ? 4 : 0) +
    (flags & TRUN_CTS ? 4 : 0);
  if (pos + sampleBytes * sampleCount > trun.end) throw new Mp4FormatError('trun overruns its box');
  return { version, flags, sampleCount, dataOffset, firstSampleFlags, samplesAt: pos, sampleBytes };
}

/** A `tfdt`'s baseMediaDecodeTime and where it is. */
export function readDecodeTime(
  buf: Uint8Array,
  tfdt: BoxRange,
): { value: bigint; offset: number; bytes: 4 | 8 } {
  const wide = fullBoxHeader(buf, tfdt).version === 1;
  const offset = tfdt.bodyStart + 4;
  const value = wide ? readBigUint64(buf, offset) : BigInt(readUint32(buf, offset));
  return { value, offset, bytes: wide ? 8 : 4 };
}
