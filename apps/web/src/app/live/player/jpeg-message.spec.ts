import { JPEG_MESSAGE_MAGIC } from '@camrec/shared-types';
import { FrameMeter } from './frame-meter';
import { parseJpegMessage } from './jpeg-message';

function message(frame: number, captureMs: number, jpeg: number[], magic = JPEG_MESSAGE_MAGIC) {
  const bytes = new Uint8Array(16 + jpeg.length);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, magic);
  view.setUint32(4, frame);
  view.setFloat64(8, captureMs);
  bytes.set(jpeg, 16);
  return bytes;
}

describe('parseJpegMessage', () => {
  it('reads the big-endian header and leaves the JPEG untouched', () => {
    const parsed = parseJpegMessage(message(42, 1_763_935_000_123.5, [0xff, 0xd8, 0xff, 0xd9]));
    expect(parsed?.frameNumber).toBe(42);
    expect(parsed?.captureMs).toBe(1_763_935_000_123.5);
    expect(Array.from(parsed?.jpeg ?? [])).toEqual([0xff, 0xd8, 0xff, 0xd9]);
  });

  it('refuses a wrong magic or a message without a picture', () => {
    expect(parseJpegMessage(message(1, 0, [0xff], 0x12345678))).toBeNull();
    expect(parseJpegMessage(message(1, 0, []))).toBeNull();
  });
});

describe('FrameMeter', () => {
  it('counts the frames of the last second', () => {
    const meter = new FrameMeter();
    for (let t = 0; t <= 2000; t += 40) meter.tick(t);
    expect(meter.fps(2000)).toBe(26);
    expect(meter.fps(2500)).toBe(13);
    expect(meter.total).toBe(51);
    expect(meter.last).toBe(2000);
  });
});
