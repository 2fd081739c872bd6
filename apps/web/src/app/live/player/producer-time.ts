import type { VideoTrack } from './init-segment';
import { dataView, readBoxes } from './mp4-boxes';

/** Seconds from 1900 (NTP's epoch) to 1970 (Unix's). */
const NTP_UNIX_OFFSET_S = 2_208_988_800;

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
export function readProducerTime(bytes: Uint8Array, track: VideoTrack): ProducerTime | null {
  const box = readBoxes(bytes).find((b) => b.type === 'prft');
  if (!box || box.end - box.payload < 24) return null;
  const view = dataView(bytes);
  const version = bytes[box.payload];
  if (view.getUint32(box.payload + 4) !== track.trackId) return null;
  const seconds = view.getUint32(box.payload + 8) - NTP_UNIX_OFFSET_S;
  const fraction = view.getUint32(box.payload + 12) / 2 ** 32;
  const mediaTime =
    version === 1 ? Number(view.getBigUint64(box.payload + 16)) : view.getUint32(box.payload + 16);
  return { mediaS: mediaTime / track.timescale, capturedAt: (seconds + fraction) * 1000 };
}
