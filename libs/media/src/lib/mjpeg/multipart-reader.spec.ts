import { generateMjpeg } from '../test-support/media-fixtures';
import { JpegSplitter } from './jpeg-splitter';
import { boundaryFromContentType, MultipartReader, type MultipartPart } from './multipart-reader';

interface Variant {
  name: string;
  /** The boundary parameter as the camera declares it. */
  declared: string;
  /** The delimiter line as the camera writes it. */
  delimiter: string;
  eol: string;
  contentLength: boolean;
}

const VARIANTS: Variant[] = [
  {
    name: 'RFC style, CRLF, Content-Length',
    declared: 'frame',
    delimiter: '--frame',
    eol: '\r\n',
    contentLength: true,
  },
  {
    name: 'RFC style, CRLF, no Content-Length',
    declared: 'frame',
    delimiter: '--frame',
    eol: '\r\n',
    contentLength: false,
  },
  {
    name: 'dashes in the parameter, LF, Content-Length',
    declared: '--myboundary',
    delimiter: '--myboundary',
    eol: '\n',
    contentLength: true,
  },
  {
    name: 'dashes in the parameter, LF, no Content-Length',
    declared: '--myboundary',
    delimiter: '--myboundary',
    eol: '\n',
    contentLength: false,
  },
  {
    name: 'no leading dashes at all, CRLF',
    declared: 'ipcamera',
    delimiter: 'ipcamera',
    eol: '\r\n',
    contentLength: false,
  },
  {
    name: 'extra dashes (RFC on top of a dashed parameter)',
    declared: '--bd',
    delimiter: '----bd',
    eol: '\r\n',
    contentLength: true,
  },
];

function multipartBody(frames: Buffer[], v: Variant): Buffer {
  const pieces: Buffer[] = [Buffer.from(`preamble${v.eol}`)];
  for (const frame of frames) {
    const headers = [
      `Content-Type: image/jpeg`,
      ...(v.contentLength ? [`Content-Length: ${frame.length}`] : []),
    ];
    pieces.push(
      Buffer.from(`${v.delimiter}${v.eol}${headers.join(v.eol)}${v.eol}${v.eol}`),
      frame,
      Buffer.from(v.eol),
    );
  }
  return Buffer.concat(pieces);
}

const bodies = (parts: MultipartPart[]) => parts.map((p) => p.body);

describe('boundaryFromContentType', () => {
  it.each([
    ['multipart/x-mixed-replace; boundary=frame', 'frame'],
    ['multipart/x-mixed-replace;boundary=--myboundary', '--myboundary'],
    ['Multipart/X-Mixed-Replace; charset=x; boundary="my boundary"', 'my boundary'],
    ['text/html', null],
    ['multipart/x-mixed-replace', null],
    [undefined, null],
  ])('%s → %s', (contentType, boundary) => {
    expect(boundaryFromContentType(contentType)).toBe(boundary);
  });
});

describe('MultipartReader', () => {
  let frames: Buffer[];

  beforeAll(async () => {
    frames = new JpegSplitter().push(await generateMjpeg(3));
  });

  describe.each(VARIANTS)('$name', (variant) => {
    // The last part completes only when the next delimiter arrives if it has no length.
    const expected = () => (variant.contentLength ? frames : frames.slice(0, -1));

    it('reads every JPEG whichever byte the body is split at', () => {
      const body = multipartBody(frames, variant);
      for (let at = 0; at <= body.length; at++) {
        const reader = new MultipartReader(variant.declared);
        const parts = [...reader.push(body.subarray(0, at)), ...reader.push(body.subarray(at))];
        const got = bodies(parts);
        if (got.length !== expected().length || got.some((b, i) => !b.equals(expected()[i]))) {
          throw new Error(`split at byte ${at}: got ${got.length} parts`);
        }
      }
    });

    it('reads every JPEG fed one byte at a time, with headers', () => {
      const body = multipartBody(frames, variant);
      const reader = new MultipartReader(variant.declared);
      const parts: MultipartPart[] = [];
      for (let i = 0; i < body.length; i++) parts.push(...reader.push(body.subarray(i, i + 1)));
      expect(bodies(parts)).toEqual(expected());
      expect(parts[0].headers['content-type']).toBe('image/jpeg');
    });
  });

  it('stops at the closing delimiter', () => {
    const reader = new MultipartReader('frame');
    const parts = reader.push(
      Buffer.concat([
        Buffer.from('--frame\r\n\r\n'),
        frames[0],
        Buffer.from('\r\n--frame--\r\n--frame\r\n\r\nx'),
      ]),
    );
    expect(bodies(parts)).toEqual([frames[0]]);
    expect(reader.finished).toBe(true);
  });

  it('is bounded: a part larger than the limit fails', () => {
    const reader = new MultipartReader('frame', 1000);
    expect(() =>
      reader.push(Buffer.concat([Buffer.from('--frame\r\n\r\n'), Buffer.alloc(5000)])),
    ).toThrow(/exceeds 1000 bytes/);
  });
});
