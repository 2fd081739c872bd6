import { readBigUint64, readUint32, writeBigUint64, writeFourCC, writeUint32 } from './bytes';
import type { Mp4TrackInfo } from './init-segment-info';
import { childBoxes, fullBoxHeader } from './mp4-box-walk';
import { ntpToUnixMs, unixMsToNtp } from './ntp-time';

export const PRFT_BYTES = 32;

/**
 * A ProducerReferenceTimeBox (ISO 14496-12 §8.16.5, version 1): `mediaTime` of track `trackId`
 * was captured at `wallClockMs` (ms since 1970). The media time names the sample, so the box
 * may follow the fragment it describes; players and muxers that do not know it skip it.
 */
export function prftBox(trackId: number, wallClockMs: number, mediaTime: bigint): Uint8Array {
  const box = new Uint8Array(PRFT_BYTES);
  writeUint32(box, 0, PRFT_BYTES);
  writeFourCC(box, 4, 'prft');
  writeUint32(box, 8, 0x01000000);
  writeUint32(box, 12, trackId);
  const ntp = unixMsToNtp(wallClockMs);
  writeUint32(box, 16, ntp.seconds);
  writeUint32(box, 20, ntp.fraction);
  writeBigUint64(box, 24, mediaTime);
  return box;
}

/** A frame's capture time on the camera's clock, from the server's `prft` box. */
export interface ProducerTime {
  /** The frame's media time in seconds (decode time / timescale). */
  mediaS: number;
  /** When the camera captured it, ms since 1970 on the camera's clock. */
  capturedAt: number;
}

/**
 * Reads the `prft` box the server appends to a fragment when it knows the camera's clock
 * (RTCP sender reports); null for fragments without one or for another track.
 */
export function readProducerTime(
  bytes: Uint8Array,
  track: Pick<Mp4TrackInfo, 'id' | 'timescale'>,
): ProducerTime | null {
  for (const box of childBoxes(bytes, 0, bytes.length)) {
    if (box.type !== 'prft') continue;
    // version/flags (4), reference_track_ID (4), ntp_timestamp (8), media_time (4 or 8).
    if (box.end - box.bodyStart < 4) return null;
    const { version } = fullBoxHeader(bytes, box);
    if (box.end - box.bodyStart < (version === 1 ? 24 : 20)) return null;
    const at = box.bodyStart;
    if (readUint32(bytes, at + 4) !== track.id) return null;
    const capturedAt = ntpToUnixMs(readUint32(bytes, at + 8), readUint32(bytes, at + 12));
    const mediaTime =
      version === 1 ? Number(readBigUint64(bytes, at + 16)) : readUint32(bytes, at + 16);
    return { mediaS: mediaTime / track.timescale, capturedAt };
  }
  return null;
}
