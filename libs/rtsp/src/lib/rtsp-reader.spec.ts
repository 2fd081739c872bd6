import type { InterleavedFrame, RtspChunk, RtspMessage } from './rtsp-message';
import { MAX_HEAD_BYTES, RtspFormatError, RtspReader } from './rtsp-reader';

const frame = (channel: number, payload: Buffer) =>
  Buffer.concat([
    Buffer.from([0x24, channel, payload.length >> 8, payload.length & 0xff]),
    payload,
  ]);

const SDP = 'v=0\r\nm=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\n';
const DESCRIBED = Buffer.from(
  `RTSP/1.0 200 OK\r\nCSeq: 2\r\nContent-Type: application/sdp\r\nContent-Length: ${SDP.length}\r\n\r\n${SDP}`,
);

/** Every item of `bytes`, pushed in pieces of `size` bytes. */
function readInPieces(bytes: Buffer, size: number): RtspChunk[] {
  const reader = new RtspReader();
  const items: RtspChunk[] = [];
  for (let at = 0; at < bytes.length; at += size) {
    items.push(...reader.push(bytes.subarray(at, at + size)));
  }
  expect(reader.bufferedBytes).toBe(0);
  return items;
}

describe('RtspReader', () => {
  const stream = Buffer.concat([
    DESCRIBED,
    frame(0, Buffer.alloc(1400, 1)),
    frame(1, Buffer.alloc(28, 2)),
    Buffer.from('GET_PARAMETER rtsp://cam/ RTSP/1.0\r\nCSeq: 9\r\n\r\n'),
    frame(2, Buffer.alloc(0xffff, 3)),
  ]);

  it.each([1, 3, 7, 1000, stream.length])(
    'reads messages and interleaved frames whatever the chunking (%i-byte pieces)',
    (size) => {
      const items = readInPieces(stream, size);
      expect(items.map((item) => item.kind)).toEqual([
        'message',
        'interleaved',
        'interleaved',
        'message',
        'interleaved',
      ]);
      const described = items[0] as RtspMessage;
      expect(described.startLine).toBe('RTSP/1.0 200 OK');
      expect(described.headers).toContainEqual(['CSeq', '2']);
      expect(described.body.toString()).toBe(SDP);
      const frames = items.filter((item): item is InterleavedFrame => item.kind === 'interleaved');
      expect(frames.map((f) => [f.channel, f.bytes.length])).toEqual([
        [0, 1404],
        [1, 32],
        [2, 0xffff + 4],
      ]);
      expect(frames[2].bytes.subarray(4).every((byte) => byte === 3)).toBe(true);
      expect((items[3] as RtspMessage).startLine).toBe('GET_PARAMETER rtsp://cam/ RTSP/1.0');
    },
  );

  it('hands out frames as views of the chunk, not copies', () => {
    const chunk = Buffer.concat([frame(0, Buffer.alloc(100)), frame(0, Buffer.alloc(50))]);
    const [first, second] = new RtspReader().push(chunk) as InterleavedFrame[];
    expect(first.bytes.buffer).toBe(chunk.buffer);
    expect(second.bytes.byteOffset).toBe(chunk.byteOffset + 104);
  });

  it('tolerates empty lines between messages', () => {
    const items = new RtspReader().push(
      Buffer.from('\r\nOPTIONS rtsp://a/ RTSP/1.0\r\nCSeq: 1\r\n\r\n\r\n'),
    );
    expect(items).toHaveLength(1);
  });

  it('refuses a head longer than the one limit, before its end arrives', () => {
    const reader = new RtspReader();
    reader.push(Buffer.from('OPTIONS rtsp://a/ RTSP/1.0\r\nX-Filler: '));
    expect(() => reader.push(Buffer.alloc(MAX_HEAD_BYTES, 0x61))).toThrow(RtspFormatError);
  });

  it('refuses bodies above the limit and bytes that are not RTSP', () => {
    expect(() =>
      new RtspReader({ maxBodyBytes: 10 }).push(
        Buffer.from('RTSP/1.0 200 OK\r\nContent-Length: 11\r\n\r\n'),
      ),
    ).toThrow(/Content-Length/);
    expect(() => new RtspReader().push(Buffer.from('HTTP/1.1 200 OK\r\n\r\n'))).toThrow(
      RtspFormatError,
    );
    expect(() => new RtspReader().push(Buffer.from([0x00, 0x01]))).toThrow(RtspFormatError);
    expect(() =>
      new RtspReader().push(Buffer.from('OPTIONS rtsp://a/ RTSP/1.0\r\nno colon\r\n\r\n')),
    ).toThrow(/malformed header/);
  });
});
