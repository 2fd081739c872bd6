import {
  readBigUint64,
  readInt32,
  readUint32,
  writeBigUint64,
  writeInt32,
  writeUint32,
} from './bytes';
import type { TrackFragmentInfo } from './fragment-info';
import { childBoxes, findChild, findChildren, fullBoxHeader, type BoxRange } from './mp4-box-walk';
import { Mp4FormatError } from './mp4-format-error';

const TFHD_BASE_DATA_OFFSET = 0x000001;
const TFHD_DEFAULT_BASE_IS_MOOF = 0x020000;
const TRUN_DATA_OFFSET = 0x000001;
const MAX_32 = 0xffffffffn;

/**
 * Sets the decode time (tfdt) of one track of a fragment. In place when the field can hold
 * it; a 32-bit field that cannot is rewritten as a 64-bit one (version 1), which returns a
 * new, 4 bytes longer fragment. `version` forces one layout (tests build 32-bit fragments
 * with it). `traf` and the other runs of `tracks` are updated to the new positions.
 */
export function setDecodeTime(
  fragment: Uint8Array,
  traf: TrackFragmentInfo,
  tracks: TrackFragmentInfo[],
  value: bigint,
  version: 0 | 1 = traf.baseDecodeTimeBytes === 8 || value > MAX_32 ? 1 : 0,
): Uint8Array {
  if (value < 0n || (version === 0 && value > MAX_32)) {
    throw new RangeError(`decode time ${value} does not fit a version ${version} tfdt`);
  }
  if ((traf.baseDecodeTimeBytes === 8) === (version === 1)) {
    writeTime(fragment, traf.baseDecodeTimeOffset, version, value);
    return fragment;
  }
  const resized = resizeTfdt(fragment, traf.baseDecodeTimeOffset, version);
  const delta = version === 1 ? 4 : -4;
  for (const other of tracks) {
    if (other.baseDecodeTimeOffset > traf.baseDecodeTimeOffset) other.baseDecodeTimeOffset += delta;
  }
  traf.baseDecodeTimeBytes = version === 1 ? 8 : 4;
  writeTime(resized, traf.baseDecodeTimeOffset, version, value);
  return resized;
}

function writeTime(buf: Uint8Array, at: number, version: 0 | 1, value: bigint): void {
  if (version === 1) writeBigUint64(buf, at, value);
  else writeUint32(buf, at, Number(value));
}

/**
 * The fragment with the tfdt whose time field is at `timeAt` in the other layout. The boxes
 * around it change size, and the data offsets that count from the moof move with the
 * samples, which now start 4 bytes later (or earlier).
 */
function resizeTfdt(fragment: Uint8Array, timeAt: number, version: 0 | 1): Uint8Array {
  const moof = [...childBoxes(fragment, 0, fragment.length)].find((box) => box.type === 'moof');
  if (!moof) throw new Mp4FormatError('fragment has no moof box');
  const trafs = findChildren(fragment, moof, 'traf');
  const traf = trafs.find((box) => box.start < timeAt && timeAt < box.end);
  const tfdt = traf && findChild(fragment, traf, 'tfdt');
  if (!traf || !tfdt || tfdt.bodyStart + 4 !== timeAt) {
    throw new Mp4FormatError('no tfdt at the decode time of the fragment');
  }
  const delta = version === 1 ? 4 : -4;
  // The fragment up to the tfdt's body, the tfdt's version/flags and time in the new layout
  // (zeros, written below), then the rest of the fragment.
  const out = new Uint8Array(fragment.length + delta);
  out.set(fragment.subarray(0, tfdt.bodyStart));
  out.set(fragment.subarray(tfdt.end), tfdt.end + delta);
  writeUint32(out, tfdt.start, tfdt.end - tfdt.start + delta);
  writeUint32(out, tfdt.bodyStart, ((version << 24) | fullBoxHeader(fragment, tfdt).flags) >>> 0);
  const moved = (at: number) => (at >= tfdt.end ? at + delta : at);
  growBox(out, moof, delta);
  growBox(out, traf, delta);
  trafs.forEach((box, index) => {
    const tfhd = findChild(fragment, box, 'tfhd');
    const tfhdFlags = tfhd ? fullBoxHeader(fragment, tfhd).flags : 0;
    if (tfhdFlags & TFHD_BASE_DATA_OFFSET) {
      throw new Mp4FormatError('cannot move samples addressed by an absolute base data offset');
    }
    // The first traf, and any that says so, counts from the moof; the others from the end of
    // the previous traf's data, which moved by as much as their own.
    if (index > 0 && !(tfhdFlags & TFHD_DEFAULT_BASE_IS_MOOF)) return;
    for (const trun of findChildren(fragment, box, 'trun')) {
      if (!(fullBoxHeader(fragment, trun).flags & TRUN_DATA_OFFSET)) continue;
      const at = moved(trun.bodyStart + 8);
      writeInt32(out, at, readInt32(out, at) + delta);
    }
  });
  return out;
}

/** Adds `delta` to the size of a box that starts before the change. */
function growBox(buf: Uint8Array, box: BoxRange, delta: number): void {
  if (box.bodyStart - box.start === 16) {
    writeBigUint64(buf, box.start + 8, readBigUint64(buf, box.start + 8) + BigInt(delta));
  } else {
    writeUint32(buf, box.start, readUint32(buf, box.start) + delta);
  }
}
