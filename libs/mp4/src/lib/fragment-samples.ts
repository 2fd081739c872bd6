import { readInt32, readUint32 } from './bytes';
import type { Mp4TrackInfo } from './init-segment-info';
import { childBoxes, findChild, findChildren, type BoxRange } from './mp4-box-walk';
import {
  hasBaseDataOffset,
  NON_SYNC_SAMPLE,
  readDecodeTime,
  readTrackFragmentHeader,
  readTrackRunHeader,
  TRUN_CTS,
  TRUN_DURATION,
  TRUN_FLAGS,
  TRUN_SIZE,
} from './traf-fields';

/** One coded sample (a video frame, an audio frame) taken out of a `moof`/`mdat` pair. */
export interface Mp4Sample {
  /** The sample's bytes: a view into the fragment, not a copy. */
  data: Uint8Array;
  /** Decode time in the track's timescale (tfdt plus the durations before it). */
  decodeTime: number;
  /** Presentation time minus decode time (trun composition offset), in the track's timescale. */
  compositionOffset: number;
  /** In the track's timescale. */
  duration: number;
  /** sample_flags, resolved through trun, tfhd and trex. */
  flags: number;
  /** A sync sample: a decoder may start here. */
  keyframe: boolean;
}

/**
 * Takes one track's samples out of every `moof` in `bytes` (one or more `moof`+`mdat` pairs,
 * as the hub sends them). Sample data are views into `bytes`, not copies. A sample whose data
 * would run past the end of `bytes` ends its run.
 */
export function extractSamples(bytes: Uint8Array, track: Mp4TrackInfo): Mp4Sample[] {
  const samples: Mp4Sample[] = [];
  for (const moof of childBoxes(bytes, 0, bytes.length)) {
    if (moof.type !== 'moof') continue;
    for (const traf of findChildren(bytes, moof, 'traf'))
      trafSamples(bytes, moof, traf, track, samples);
  }
  return samples;
}

/** True when the track's first sample in the fragment is a sync sample (a keyframe). */
export function startsWithKeyframe(bytes: Uint8Array, track: Mp4TrackInfo): boolean {
  return extractSamples(bytes, track)[0]?.keyframe ?? false;
}

function trafSamples(
  bytes: Uint8Array,
  moof: BoxRange,
  traf: BoxRange,
  track: Mp4TrackInfo,
  samples: Mp4Sample[],
): void {
  const tfhd = findChild(bytes, traf, 'tfhd');
  if (!tfhd || readUint32(bytes, tfhd.bodyStart + 4) !== track.id) return;
  const header = readTrackFragmentHeader(bytes, tfhd, track);
  // Data offsets count from the moof (default-base-is-moof, as the ingest writes). An explicit
  // base offset is a position in the original file, which a stream message cannot resolve.
  if (hasBaseDataOffset(header)) return;
  const tfdt = findChild(bytes, traf, 'tfdt');
  let decodeTime = tfdt ? Number(readDecodeTime(bytes, tfdt).value) : 0;

  for (const trun of findChildren(bytes, traf, 'trun')) {
    const run = readTrackRunHeader(bytes, trun);
    const { flags } = run;
    let dataOffset = moof.start + (run.dataOffset ?? 0);
    let field = run.samplesAt;
    for (let i = 0; i < run.sampleCount; i++) {
      let duration = header.defaultDuration;
      let size = header.defaultSize;
      let sampleFlags =
        i === 0 && run.firstSampleFlags !== null ? run.firstSampleFlags : header.defaultFlags;
      let compositionOffset = 0;
      if (flags & TRUN_DURATION) duration = readUint32(bytes, (field += 4) - 4);
      if (flags & TRUN_SIZE) size = readUint32(bytes, (field += 4) - 4);
      if (flags & TRUN_FLAGS) sampleFlags = readUint32(bytes, (field += 4) - 4);
      if (flags & TRUN_CTS) {
        // Unsigned in version 0, signed in version 1.
        compositionOffset = run.version === 0 ? readUint32(bytes, field) : readInt32(bytes, field);
        field += 4;
      }
      if (dataOffset + size > bytes.length) break;
      samples.push({
        data: bytes.subarray(dataOffset, dataOffset + size),
        decodeTime,
        compositionOffset,
        duration,
        flags: sampleFlags,
        keyframe: (sampleFlags & NON_SYNC_SAMPLE) === 0,
      });
      dataOffset += size;
      decodeTime += duration;
    }
  }
}
