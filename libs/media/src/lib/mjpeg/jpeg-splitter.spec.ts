import { generateMjpeg } from '../test-support/media-fixtures';
import { readJpegDimensions } from './jpeg-dimensions';
import { JpegFormatError, JpegSplitter } from './jpeg-splitter';

describe('JpegSplitter', () => {
  let stream: Buffer;
  let frames: Buffer[];

  beforeAll(async () => {
    stream = await generateMjpeg(4);
    frames = new JpegSplitter().push(stream);
  });

  it('splits ffmpeg -f mjpeg output into its frames', () => {
    expect(frames).toHaveLength(4);
    expect(Buffer.concat(frames)).toEqual(stream);
    for (const frame of frames) {
      expect(frame.subarray(0, 2).toString('hex')).toBe('ffd8');
      expect(frame.subarray(-2).toString('hex')).toBe('ffd9');
      expect(readJpegDimensions(frame)).toEqual({ width: 64, height: 48 });
    }
  });

  it('gives the same frames whichever byte the stream is split at', () => {
    for (let at = 0; at <= stream.length; at++) {
      const splitter = new JpegSplitter();
      const out = [...splitter.push(stream.subarray(0, at)), ...splitter.push(stream.subarray(at))];
      if (out.length !== 4 || !Buffer.concat(out).equals(stream))
        throw new Error(`split at ${at} differs`);
    }
  });

  it('gives the same frames fed one byte at a time', () => {
    const splitter = new JpegSplitter();
    const out: Buffer[] = [];
    for (let i = 0; i < stream.length; i++) out.push(...splitter.push(stream.subarray(i, i + 1)));
    expect(out).toEqual(frames);
  });

  it('is not fooled by an EXIF thumbnail (a JPEG inside APP1)', () => {
    const thumbnail = frames[0];
    const app1Length = 2 + 6 + thumbnail.length;
    const app1 = Buffer.concat([
      Buffer.from([0xff, 0xe1, app1Length >> 8, app1Length & 0xff]),
      Buffer.from('Exif\0\0'),
      thumbnail,
    ]);
    const withExif = Buffer.concat([frames[1].subarray(0, 2), app1, frames[1].subarray(2)]);
    expect(new JpegSplitter().push(Buffer.concat([withExif, frames[2]]))).toEqual([
      withExif,
      frames[2],
    ]);
  });

  it('skips garbage between frames and drops a frame cut short by a new SOI', () => {
    const splitter = new JpegSplitter();
    const cut = frames[0].subarray(0, 300);
    const out = splitter.push(
      Buffer.concat([Buffer.from('junk'), cut, frames[1], Buffer.from('\r\n'), frames[2]]),
    );
    expect(out).toEqual([frames[1], frames[2]]);
    expect(splitter.discardedBytes).toBe(4 + 300 + 2);
  });

  it('fails when no frame completes within the bound', () => {
    expect(() => new JpegSplitter(100).push(frames[0].subarray(0, 200))).toThrow(JpegFormatError);
  });
});
