/** Seconds from 1900 (NTP's epoch) to 1970 (Unix's). */
const NTP_UNIX_OFFSET_S = 2_208_988_800;
export const PRFT_BYTES = 32;

/**
 * A ProducerReferenceTimeBox (ISO 14496-12 §8.16.5, version 1): `mediaTime` of track `trackId`
 * was captured at `wallClockMs` (ms since 1970). The media time names the sample, so the box
 * may follow the fragment it describes; players and muxers that do not know it skip it.
 */
export function prftBox(trackId: number, wallClockMs: number, mediaTime: bigint): Buffer {
  const box = Buffer.alloc(PRFT_BYTES);
  box.writeUInt32BE(PRFT_BYTES, 0);
  box.write('prft', 4, 'latin1');
  box.writeUInt32BE(0x01000000, 8);
  box.writeUInt32BE(trackId, 12);
  const seconds = Math.floor(wallClockMs / 1000);
  const fraction = Math.floor(((wallClockMs - seconds * 1000) / 1000) * 2 ** 32);
  box.writeUInt32BE(seconds + NTP_UNIX_OFFSET_S, 16);
  box.writeUInt32BE(Math.min(fraction, 0xffffffff), 20);
  box.writeBigUInt64BE(mediaTime, 24);
  return box;
}
