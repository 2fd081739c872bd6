import type { VideoTrack } from './init-segment';
import { childBox, childBoxes, dataView, readBoxes, type Mp4Box } from './mp4-boxes';

/** One coded video frame taken out of a `moof`/`mdat` pair. */
export interface VideoSample {
  data: Uint8Array;
  /** Presentation time in microseconds (decode time + composition offset). */
  timestampUs: number;
  durationUs: number;
  keyframe: boolean;
}

const TFHD_BASE_DATA_OFFSET = 0x1;
const TFHD_SAMPLE_DESCRIPTION_INDEX = 0x2;
const TFHD_DEFAULT_DURATION = 0x8;
const TFHD_DEFAULT_SIZE = 0x10;
const TFHD_DEFAULT_FLAGS = 0x20;

const TRUN_DATA_OFFSET = 0x1;
const TRUN_FIRST_SAMPLE_FLAGS = 0x4;
const TRUN_DURATION = 0x100;
const TRUN_SIZE = 0x200;
const TRUN_FLAGS = 0x400;
const TRUN_CTO = 0x800;

const SAMPLE_IS_NON_SYNC = 0x10000;

/**
 * Takes the video track's samples out of every `moof` in `bytes` (one or more `moof`+`mdat`
 * pairs, as the hub sends them). Sample data are views into `bytes`, not copies.
 */
export function extractSamples(bytes: Uint8Array, track: VideoTrack): VideoSample[] {
  const samples: VideoSample[] = [];
  for (const moof of readBoxes(bytes).filter((box) => box.type === 'moof')) {
    for (const traf of childBoxes(bytes, moof, 'traf')) {
      samples.push(...trafSamples(bytes, moof, traf, track));
    }
  }
  return samples;
}

/** True when the first video sample of the fragment is a sync sample (a keyframe). */
export function startsWithKeyframe(bytes: Uint8Array, track: VideoTrack): boolean {
  return extractSamples(bytes, track)[0]?.keyframe ?? false;
}

function trafSamples(
  bytes: Uint8Array,
  moof: Mp4Box,
  traf: Mp4Box,
  track: VideoTrack,
): VideoSample[] {
  const view = dataView(bytes);
  const tfhd = childBox(bytes, traf, 'tfhd');
  if (!tfhd || view.getUint32(tfhd.payload + 4) !== track.trackId) return [];

  const tfhdFlags = view.getUint32(tfhd.payload) & 0xffffff;
  let cursor = tfhd.payload + 8;
  // Data offsets count from the moof (default-base-is-moof, as the ingest writes). An explicit
  // base offset is a position in the original file, which a stream message cannot resolve.
  const baseOffset = moof.start;
  if (tfhdFlags & TFHD_BASE_DATA_OFFSET) cursor += 8;
  if (tfhdFlags & TFHD_SAMPLE_DESCRIPTION_INDEX) cursor += 4;
  let defaultDuration = track.defaults.sampleDuration;
  let defaultSize = track.defaults.sampleSize;
  let defaultFlags = track.defaults.sampleFlags;
  if (tfhdFlags & TFHD_DEFAULT_DURATION) defaultDuration = view.getUint32((cursor += 4) - 4);
  if (tfhdFlags & TFHD_DEFAULT_SIZE) defaultSize = view.getUint32((cursor += 4) - 4);
  if (tfhdFlags & TFHD_DEFAULT_FLAGS) defaultFlags = view.getUint32((cursor += 4) - 4);

  const tfdt = childBox(bytes, traf, 'tfdt');
  let decodeTime = 0;
  if (tfdt) {
    decodeTime =
      bytes[tfdt.payload] === 1
        ? Number(view.getBigUint64(tfdt.payload + 4))
        : view.getUint32(tfdt.payload + 4);
  }

  const toUs = (ticks: number) => Math.round((ticks * 1_000_000) / track.timescale);
  const samples: VideoSample[] = [];
  for (const trun of childBoxes(bytes, traf, 'trun')) {
    const version = bytes[trun.payload];
    const flags = view.getUint32(trun.payload) & 0xffffff;
    const count = view.getUint32(trun.payload + 4);
    let field = trun.payload + 8;
    let dataOffset = baseOffset;
    if (flags & TRUN_DATA_OFFSET) {
      dataOffset = baseOffset + view.getInt32(field);
      field += 4;
    }
    let firstFlags: number | null = null;
    if (flags & TRUN_FIRST_SAMPLE_FLAGS) {
      firstFlags = view.getUint32(field);
      field += 4;
    }
    for (let i = 0; i < count; i++) {
      let duration = defaultDuration;
      let size = defaultSize;
      let sampleFlags = i === 0 && firstFlags !== null ? firstFlags : defaultFlags;
      let cto = 0;
      if (flags & TRUN_DURATION) duration = view.getUint32((field += 4) - 4);
      if (flags & TRUN_SIZE) size = view.getUint32((field += 4) - 4);
      if (flags & TRUN_FLAGS) sampleFlags = view.getUint32((field += 4) - 4);
      if (flags & TRUN_CTO) {
        cto = version === 0 ? view.getUint32(field) : view.getInt32(field);
        field += 4;
      }
      if (dataOffset + size > bytes.byteLength) break;
      samples.push({
        data: bytes.subarray(dataOffset, dataOffset + size),
        timestampUs: toUs(decodeTime + cto),
        durationUs: toUs(duration),
        keyframe: (sampleFlags & SAMPLE_IS_NON_SYNC) === 0,
      });
      dataOffset += size;
      decodeTime += duration;
    }
  }
  return samples;
}
