import { FOOTAGE_FRAME_HEADER_BYTES } from '@camrec/shared-types';
import { parseFootageFrames } from './footage-frames';

function record(atMs: number, durationMs: number, jpeg: number[]): Uint8Array {
  const bytes = new Uint8Array(FOOTAGE_FRAME_HEADER_BYTES + jpeg.length);
  const view = new DataView(bytes.buffer);
  view.setFloat64(0, atMs);
  view.setFloat64(8, durationMs);
  view.setUint32(16, jpeg.length);
  bytes.set(jpeg, FOOTAGE_FRAME_HEADER_BYTES);
  return bytes;
}

describe('parseFootageFrames: the records of a jpeg-frames answer', () => {
  it('reads each frame’s time, duration and JPEG', () => {
    const body = new Uint8Array([...record(1_000.5, 100, [1, 2, 3]), ...record(1_100.5, 40, [4])]);
    expect(parseFootageFrames(body)).toEqual([
      { atMs: 1_000.5, durationMs: 100, jpeg: new Uint8Array([1, 2, 3]) },
      { atMs: 1_100.5, durationMs: 40, jpeg: new Uint8Array([4]) },
    ]);
    expect(parseFootageFrames(new Uint8Array(0))).toEqual([]);
  });

  it('refuses a record cut short', () => {
    const body = record(1_000, 100, [1, 2, 3]);
    expect(() => parseFootageFrames(body.subarray(0, body.length - 1))).toThrow(/cut short/);
    expect(() => parseFootageFrames(body.subarray(0, 10))).toThrow(/cut short/);
  });
});
