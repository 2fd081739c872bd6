import type { Mp4TrackInfo } from './init-segment-info';
import { NTP_UNIX_OFFSET_S } from './ntp-time';
import { prftBox, PRFT_BYTES, readProducerTime } from './prft-box';

/** A prft box written field by field (not by prftBox), as the spec lays it out. */
function prft(trackId: number, unixMs: number, mediaTime: number): Uint8Array {
  const bytes = new Uint8Array(32);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, 32);
  bytes.set(
    [...'prft'].map((c) => c.charCodeAt(0)),
    4,
  );
  view.setUint32(8, 0x01000000);
  view.setUint32(12, trackId);
  view.setUint32(16, Math.floor(unixMs / 1000) + 2_208_988_800);
  view.setUint32(20, ((unixMs % 1000) / 1000) * 2 ** 32);
  view.setBigUint64(24, BigInt(mediaTime));
  return bytes;
}

describe('readProducerTime', () => {
  const track: Pick<Mp4TrackInfo, 'id' | 'timescale'> = { id: 1, timescale: 90000 };

  it("reads the camera's capture time and the media time it belongs to", () => {
    const moof = new Uint8Array([0, 0, 0, 8, ...[...'moof'].map((c) => c.charCodeAt(0))]);
    const bytes = new Uint8Array([...moof, ...prft(1, 1_700_000_000_250, 180_000)]);
    const time = readProducerTime(bytes, track);
    expect(time?.mediaS).toBe(2);
    expect(time?.capturedAt).toBeCloseTo(1_700_000_000_250, 3);
  });

  it('ignores fragments without one, or a box about another track', () => {
    expect(readProducerTime(new Uint8Array(8), track)).toBeNull();
    expect(readProducerTime(prft(2, 1_700_000_000_000, 0), track)).toBeNull();
  });
});

describe('prftBox', () => {
  it('writes what readProducerTime reads, byte for byte as the spec lays it out', () => {
    const box = prftBox(1, 1_700_000_000_250, 180_000n);
    expect(box).toHaveLength(PRFT_BYTES);
    expect(box).toEqual(prft(1, 1_700_000_000_250, 180_000));
    const time = readProducerTime(box, { id: 1, timescale: 90000 });
    expect(time?.capturedAt).toBeCloseTo(1_700_000_000_250, 3);
    expect(NTP_UNIX_OFFSET_S).toBe(2_208_988_800);
  });
});
