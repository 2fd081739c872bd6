import { generateFmp4 } from '../test-support/ffmpeg-fixtures';
import { boxBytes, Mp4BoxSplitter, type Mp4Box } from './mp4-box-splitter';
import { Mp4FormatError } from './mp4-format-error';

const summary = (boxes: Mp4Box[]) =>
  boxes.map((b) => `${b.type}:${Buffer.from(boxBytes(b)).toString('base64')}`);

function box(type: string, payload: Buffer): Buffer {
  const header = Buffer.alloc(8);
  header.writeUInt32BE(8 + payload.length, 0);
  header.write(type, 4, 'latin1');
  return Buffer.concat([header, payload]);
}

function largeBox(type: string, payload: Buffer): Buffer {
  const header = Buffer.alloc(16);
  header.writeUInt32BE(1, 0);
  header.write(type, 4, 'latin1');
  header.writeBigUInt64BE(BigInt(16 + payload.length), 8);
  return Buffer.concat([header, payload]);
}

describe('Mp4BoxSplitter', () => {
  let stream: Buffer;
  let expected: string[];

  beforeAll(async () => {
    // Small on purpose: the test below parses it once per byte position.
    stream = await generateFmp4({ audio: true, frames: 6, size: '64x48', gop: 3 });
    expected = summary(new Mp4BoxSplitter().push(stream));
  });

  it('splits real ffmpeg output into its top-level boxes', () => {
    const types = new Mp4BoxSplitter().push(stream).map((b) => b.type);
    expect(types.slice(0, 4)).toEqual(['ftyp', 'moov', 'moof', 'mdat']);
    expect(types.at(-1)).toBe('mfra');
    expect(expected.join('').length).toBeGreaterThan(0);
  });

  it('gives the same boxes whichever byte the stream is split at', () => {
    for (let at = 0; at <= stream.length; at++) {
      const splitter = new Mp4BoxSplitter();
      const boxes = [
        ...splitter.push(stream.subarray(0, at)),
        ...splitter.push(stream.subarray(at)),
      ];
      if (summary(boxes).join() !== expected.join()) throw new Error(`split at byte ${at} differs`);
      expect(splitter.bufferedBytes).toBe(0);
    }
  });

  it('gives the same boxes when fed one byte at a time', () => {
    const splitter = new Mp4BoxSplitter();
    const boxes: Mp4Box[] = [];
    for (let i = 0; i < stream.length; i++) boxes.push(...splitter.push(stream.subarray(i, i + 1)));
    expect(summary(boxes)).toEqual(expected);
  });

  it('gives views of the input chunks; boxBytes copies them', () => {
    const chunk = Buffer.from(box('free', Buffer.from('abcd')));
    const [out] = new Mp4BoxSplitter().push(chunk);
    const copy = boxBytes(out);
    chunk.fill(0);
    expect(Buffer.from(copy.subarray(8)).toString()).toBe('abcd');
    expect(out.parts[0].buffer).toBe(chunk.buffer);
  });

  it('handles a box with a 64-bit largesize at every split', () => {
    const data = Buffer.concat([
      largeBox('mdat', Buffer.from('payload')),
      box('free', Buffer.alloc(3)),
    ]);
    for (let at = 0; at <= data.length; at++) {
      const splitter = new Mp4BoxSplitter();
      const boxes = [...splitter.push(data.subarray(0, at)), ...splitter.push(data.subarray(at))];
      expect(boxes.map((b) => [b.type, b.headerSize, boxBytes(b).length])).toEqual([
        ['mdat', 16, 23],
        ['free', 8, 11],
      ]);
    }
  });

  it('fails loudly on garbage, size 0 and oversized boxes', () => {
    expect(() => new Mp4BoxSplitter().push(Buffer.from('<html><body>nope</body></html>'))).toThrow(
      Mp4FormatError,
    );
    const sizeZero = Buffer.from('00000000mdat', 'latin1');
    sizeZero.writeUInt32BE(0, 0);
    expect(() => new Mp4BoxSplitter().push(sizeZero)).toThrow(/runs to the end of the stream/);
    expect(() => new Mp4BoxSplitter(100).push(box('mdat', Buffer.alloc(200)))).toThrow(
      "box 'mdat' is 208 bytes; the limit is 100",
    );
  });
});
