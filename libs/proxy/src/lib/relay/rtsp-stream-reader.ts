import type { RtspChunk } from './rtsp-message';

/** A message head larger than this is not RTSP from a camera or ffmpeg. */
export const MAX_HEAD_BYTES = 16 * 1024;
/** SDP descriptions are a few KB; anything far larger is refused. */
export const MAX_BODY_BYTES = 256 * 1024;

export class RtspFormatError extends Error {
  override readonly name = 'RtspFormatError';
}

const HEAD_END = Buffer.from('\r\n\r\n');

/**
 * Splits an RTSP connection's bytes into messages and interleaved frames. Holds at most one
 * incomplete item, so its memory is bounded by the limits above (or one 64 KB frame).
 */
export class RtspStreamReader {
  private pending: Buffer = Buffer.alloc(0);

  /** Complete items in this chunk; throws RtspFormatError on bytes that are not RTSP. */
  push(chunk: Buffer): RtspChunk[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const items: RtspChunk[] = [];
    for (let item = this.next(); item; item = this.next()) items.push(item);
    return items;
  }

  private next(): RtspChunk | null {
    const data = this.pending;
    if (data.length === 0) return null;
    if (data[0] === 0x24) {
      if (data.length < 4) return null;
      const end = 4 + data.readUInt16BE(2);
      if (data.length < end) return null;
      this.pending = data.subarray(end);
      return { kind: 'interleaved', channel: data[1], bytes: data.subarray(0, end) };
    }
    const headEnd = data.indexOf(HEAD_END);
    if (headEnd < 0) {
      if (data.length > MAX_HEAD_BYTES) {
        throw new RtspFormatError(`message head longer than ${MAX_HEAD_BYTES} bytes`);
      }
      return null;
    }
    if (headEnd > MAX_HEAD_BYTES) {
      throw new RtspFormatError(`message head longer than ${MAX_HEAD_BYTES} bytes`);
    }
    const [startLine, ...lines] = data.subarray(0, headEnd).toString('utf8').split('\r\n');
    if (!/^(RTSP\/1\.0 \d{3}\b|[A-Z_]+ \S+ RTSP\/1\.0$)/.test(startLine)) {
      throw new RtspFormatError('not an RTSP message');
    }
    const headers = lines.map((line): [string, string] => {
      const colon = line.indexOf(':');
      if (colon <= 0) throw new RtspFormatError('malformed header line');
      return [line.slice(0, colon).trim(), line.slice(colon + 1).trim()];
    });
    const lengthHeader = headers.find(([name]) => name.toLowerCase() === 'content-length');
    const bodyLength = lengthHeader ? Number(lengthHeader[1]) : 0;
    if (!Number.isInteger(bodyLength) || bodyLength < 0 || bodyLength > MAX_BODY_BYTES) {
      throw new RtspFormatError(`Content-Length must be 0 to ${MAX_BODY_BYTES}`);
    }
    const end = headEnd + HEAD_END.length + bodyLength;
    if (data.length < end) return null;
    this.pending = data.subarray(end);
    return {
      kind: 'message',
      startLine,
      headers,
      body: Buffer.from(data.subarray(headEnd + HEAD_END.length, end)),
    };
  }
}
