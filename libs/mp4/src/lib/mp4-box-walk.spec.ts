import { readMp4Fixture } from '../test-support/fixture-files';
import { readInitSegment } from './init-segment-info';
import { childBoxes, findChildren, findPath, readBoxHeader, wholeBox } from './mp4-box-walk';
import { Mp4FormatError } from './mp4-format-error';

const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

describe('MP4 box walking', () => {
  it('reads 32-bit and 64-bit (largesize) headers, and says when the header is not all there', () => {
    expect(readBoxHeader(new Uint8Array([0, 0, 0, 16, ...ascii('free')]))).toEqual({
      type: 'free',
      size: 16,
      headerSize: 8,
    });
    const large = new Uint8Array([0, 0, 0, 1, ...ascii('mdat'), 0, 0, 0, 1, 0, 0, 0, 0x20]);
    expect(readBoxHeader(large)).toEqual({ type: 'mdat', size: 2 ** 32 + 32, headerSize: 16 });
    expect(readBoxHeader(large, 0, 12)).toBeNull();
    expect(readBoxHeader(new Uint8Array(7))).toBeNull();
  });

  it('walks a real init segment down a path', () => {
    const file = readMp4Fixture('every-frame.mp4');
    const [ftyp, moov, moof, mdat] = childBoxes(file, 0, file.length);
    expect([ftyp, moov, moof, mdat].map((box) => box.type)).toEqual([
      'ftyp',
      'moov',
      'moof',
      'mdat',
    ]);
    const [trak] = findChildren(file, moov, 'trak');
    expect(findPath(file, trak, ['mdia', 'minf', 'stbl', 'stsd'])?.type).toBe('stsd');
    expect(findPath(file, trak, ['mdia', 'nope', 'stbl'])).toBeUndefined();
    expect(wholeBox(file.subarray(moov.start, moov.end)).end).toBe(moov.end - moov.start);
  });

  it('fails on a truncated box and on garbage, rather than reading zeros', () => {
    const truncated = new Uint8Array([0, 0, 0, 50, ...ascii('moov'), 1, 2]);
    expect(() => [...childBoxes(truncated, 0, truncated.length)]).toThrow(
      "box 'moov' at 0 overruns its parent",
    );
    expect(() => readInitSegment(truncated)).toThrow(Mp4FormatError);
    expect(() => readInitSegment(new Uint8Array(ascii('<html></html>')))).toThrow(Mp4FormatError);
    // A moov whose tkhd is cut short: a field read past the end is a RangeError, as Buffer's.
    const moov = new Uint8Array([
      ...[0, 0, 0, 24, ...ascii('moov')],
      ...[0, 0, 0, 16, ...ascii('trak')],
      ...[0, 0, 0, 8, ...ascii('tkhd')],
    ]);
    expect(() => readInitSegment(moov)).toThrow(RangeError);
  });
});
