import type { InterleavedFrame, RtspChunk, RtspMessage } from './rtsp-message';

/** A message head (start line and headers) longer than this is not RTSP from a camera or ffmpeg. */
export const MAX_HEAD_BYTES = 16 * 1024;
/** SDP descriptions are a few KB; anything far larger is refused. */
export const MAX_BODY_BYTES = 256 * 1024;
/** An interleaved frame's payload: what its 16-bit length can say (RFC 2326 §10.12). */
export const MAX_INTERLEAVED_BYTES = 0xffff;

export interface RtspReaderLimits {
  maxHeadBytes: number;
  maxBodyBytes: number;
  maxInterleavedBytes: number;
}

export class RtspFormatError extends Error {
  override readonly name = 'RtspFormatError';
}

const DOLLAR = 0x24;
const CR = 0x0d;
const LF = 0x0a;
const HEAD_END = Buffer.from('\r\n\r\n');
const EMPTY = Buffer.alloc(0);
const START_LINE = /^(RTSP\/1\.0 \d{3}\b|[A-Z_]+ \S+ RTSP\/1\.0$)/;

/**
 * The one reader of an RTSP connection, for both of its directions: splits the bytes into
 * messages (requests and responses) and `$`-interleaved RTP/RTCP frames. It holds at most one
 * incomplete item, so what a peer can make it keep is bounded by the limits (a head, a body or
 * one interleaved frame); anything that is not RTSP throws RtspFormatError.
 *
 * Interleaved frames are views of the bytes pushed in, not copies: every byte of a camera's
 * video passes here. Only an item that straddles two chunks is copied, and of the next chunk
 * only what it still lacks.
 */
export class RtspReader {
  private readonly limits: RtspReaderLimits;
  private pending: Buffer = EMPTY;

  constructor(limits: Partial<RtspReaderLimits> = {}) {
    this.limits = {
      maxHeadBytes: MAX_HEAD_BYTES,
      maxBodyBytes: MAX_BODY_BYTES,
      maxInterleavedBytes: MAX_INTERLEAVED_BYTES,
      ...limits,
    };
  }

  /** Bytes held for an item not complete yet. */
  get bufferedBytes(): number {
    return this.pending.length;
  }

  /** The complete items the chunk ends; throws RtspFormatError on bytes that are not RTSP. */
  push(chunk: Buffer): RtspChunk[] {
    const items: RtspChunk[] = [];
    let data = chunk;
    while (this.pending.length > 0 && data.length > 0) {
      const missing = this.missingBytes();
      if (missing === Infinity) {
        // A message head still without its end: read it again with the chunk behind it.
        data = Buffer.concat([this.pending, data]);
        this.pending = EMPTY;
        break;
      }
      const take = Math.min(missing, data.length);
      this.pending = Buffer.concat([this.pending, data.subarray(0, take)]);
      data = data.subarray(take);
      const read = this.readAt(this.pending, 0);
      if (read) {
        items.push(read.item);
        this.pending = EMPTY;
      }
    }
    if (this.pending.length > 0) return items;
    let at = 0;
    for (let read = this.readAt(data, at); read; read = this.readAt(data, at)) {
      items.push(read.item);
      at = read.end;
    }
    at = skipEmptyLines(data, at);
    // A copy, so that the rest of a large chunk is not kept alive with it.
    this.pending = at < data.length ? Buffer.from(data.subarray(at)) : EMPTY;
    return items;
  }

  /** What the pending item lacks to be read (Infinity: a head whose end is not there yet). */
  private missingBytes(): number {
    const data = this.pending;
    if (data[0] === DOLLAR) {
      return data.length < 4 ? 4 - data.length : 4 + data.readUInt16BE(2) - data.length;
    }
    const headEnd = data.indexOf(HEAD_END);
    if (headEnd < 0) return Infinity;
    return headEnd + HEAD_END.length + contentLength(parseHead(data, 0, headEnd)) - data.length;
  }

  /** The item that starts at `at`, or null when `data` ends before it does. */
  private readAt(data: Buffer, at: number): { item: RtspChunk; end: number } | null {
    const start = skipEmptyLines(data, at);
    if (start >= data.length) return null;
    return data[start] === DOLLAR
      ? this.readInterleaved(data, start)
      : this.readMessage(data, start);
  }

  /** `$`, channel, 16-bit length, then the RTP or RTCP packet. */
  private readInterleaved(
    data: Buffer,
    at: number,
  ): { item: InterleavedFrame; end: number } | null {
    if (data.length - at < 4) return null;
    const length = data.readUInt16BE(at + 2);
    if (length > this.limits.maxInterleavedBytes) {
      throw new RtspFormatError(
        `interleaved frame of ${length} bytes, more than ${this.limits.maxInterleavedBytes}`,
      );
    }
    const end = at + 4 + length;
    if (data.length < end) return null;
    return {
      item: { kind: 'interleaved', channel: data[at + 1], bytes: data.subarray(at, end) },
      end,
    };
  }

  /** A request or response: start line and headers up to an empty line, then the body. */
  private readMessage(data: Buffer, at: number): { item: RtspMessage; end: number } | null {
    // Requests start with a method, responses with RTSP/: anything else is not RTSP.
    if (data[at] < 0x41 || data[at] > 0x5a) {
      throw new RtspFormatError('neither an RTSP message nor an interleaved frame');
    }
    const headEnd = data.indexOf(HEAD_END, at);
    if ((headEnd < 0 ? data.length : headEnd) - at > this.limits.maxHeadBytes) {
      throw new RtspFormatError(`message head longer than ${this.limits.maxHeadBytes} bytes`);
    }
    if (headEnd < 0) return null;
    const message = parseHead(data, at, headEnd);
    const bodyLength = contentLength(message);
    if (bodyLength > this.limits.maxBodyBytes) {
      throw new RtspFormatError(`Content-Length must be 0 to ${this.limits.maxBodyBytes}`);
    }
    const bodyStart = headEnd + HEAD_END.length;
    const end = bodyStart + bodyLength;
    if (data.length < end) return null;
    message.body = Buffer.from(data.subarray(bodyStart, end));
    return { item: message, end };
  }
}

/** Empty lines between messages are tolerated, as HTTP's are (RFC 9112 §2.2). */
function skipEmptyLines(data: Buffer, at: number): number {
  let next = at;
  while (next < data.length && (data[next] === CR || data[next] === LF)) next++;
  return next;
}

function parseHead(data: Buffer, at: number, headEnd: number): RtspMessage {
  const [startLine, ...lines] = data.toString('utf8', at, headEnd).split('\r\n');
  if (!START_LINE.test(startLine)) throw new RtspFormatError('not an RTSP message');
  const headers = lines.map((line): [string, string] => {
    const colon = line.indexOf(':');
    if (colon <= 0) throw new RtspFormatError('malformed header line');
    return [line.slice(0, colon).trim(), line.slice(colon + 1).trim()];
  });
  return { kind: 'message', startLine, headers, body: EMPTY };
}

function contentLength(message: RtspMessage): number {
  const header = message.headers.find(([name]) => name.toLowerCase() === 'content-length');
  const length = header ? Number(header[1]) : 0;
  if (!Number.isInteger(length) || length < 0) {
    throw new RtspFormatError('Content-Length is not a length');
  }
  return length;
}
