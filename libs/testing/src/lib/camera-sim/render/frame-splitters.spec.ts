import { jpegEnd, JpegFrameSplitter } from './frame-splitters';

/** A minimal JPEG-shaped byte sequence: SOI, a table containing FF D9, SOS, data, EOI. */
function fakeJpeg(fill: number): Buffer {
  const table = Buffer.from([0xff, 0xdb, 0x00, 0x06, 0xff, 0xd9, 0x01, 0x02]);
  const scanHeader = Buffer.from([0xff, 0xda, 0x00, 0x04, 0x01, 0x00]);
  const data = Buffer.from([fill, 0xff, 0x00, fill, 0xff, 0xd3, fill]);
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    table,
    scanHeader,
    data,
    Buffer.from([0xff, 0xd9]),
  ]);
}

describe('jpegEnd', () => {
  it('skips end-marker lookalikes in tables, stuffed bytes and restart markers', () => {
    const jpeg = fakeJpeg(7);
    expect(jpegEnd(jpeg, 0)).toBe(jpeg.length);
  });

  it('reports an incomplete image', () => {
    const jpeg = fakeJpeg(7);
    for (let cut = 2; cut < jpeg.length; cut++) expect(jpegEnd(jpeg.subarray(0, cut), 0)).toBe(-1);
  });
});

describe('JpegFrameSplitter', () => {
  it('cuts back-to-back images delivered in arbitrary chunks', () => {
    const images = [fakeJpeg(1), fakeJpeg(2), fakeJpeg(3)];
    const stream = Buffer.concat(images);
    const splitter = new JpegFrameSplitter();
    const out: Buffer[] = [];
    for (let i = 0; i < stream.length; i += 5) {
      splitter.push(stream.subarray(i, i + 5));
      for (let frame = splitter.take(); frame; frame = splitter.take()) out.push(frame);
    }
    expect(out).toEqual(images);
  });
});
