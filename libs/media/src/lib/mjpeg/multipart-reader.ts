/** The body does not follow the multipart framing the Content-Type announced. */
export class MultipartFormatError extends Error {
  override readonly name = 'MultipartFormatError';
}

export interface MultipartPart {
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: Buffer;
}

const LF = 0x0a;
const CR = 0x0d;
const DASH = 0x2d;
const MAX_HEADER_BYTES = 16 * 1024;

/**
 * The boundary parameter of a `multipart/x-mixed-replace; boundary=…` Content-Type, or null
 * when the type is not multipart or names no boundary.
 */
export function boundaryFromContentType(contentType: string | undefined): string | null {
  if (!contentType || !/^\s*multipart\//i.test(contentType)) return null;
  const match = /;\s*boundary\s*=\s*(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const boundary = match?.[1] ?? match?.[2];
  return boundary ? boundary : null;
}

type State = 'delimiter' | 'headers' | 'body' | 'done';

/**
 * Incremental reader of `multipart/x-mixed-replace` (MJPEG over HTTP). Cameras are lax: the
 * delimiter may or may not repeat the leading `--` (some put it into the boundary parameter
 * already), lines end in CRLF or LF, and parts may lack Content-Length, in which case the
 * body runs to the next delimiter line.
 */
export class MultipartReader {
  /** The boundary without leading dashes; a delimiter line is optional dashes + this. */
  private readonly token: Buffer;
  private buffer: Buffer = Buffer.alloc(0);
  private state: State = 'delimiter';
  private headers: Record<string, string> = {};
  private headerBytes = 0;
  /** Where the search for the next delimiter resumes inside a body without Content-Length. */
  private scanFrom = 0;

  constructor(
    boundary: string,
    private readonly maxPartBytes = 16 * 1024 * 1024,
  ) {
    const core = boundary.replace(/^-+/, '');
    if (!core) throw new MultipartFormatError(`unusable multipart boundary '${boundary}'`);
    this.token = Buffer.from(core, 'latin1');
  }

  get finished(): boolean {
    return this.state === 'done';
  }

  push(chunk: Buffer): MultipartPart[] {
    if (this.state === 'done') return [];
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const parts: MultipartPart[] = [];
    for (;;) {
      const progressed =
        this.state === 'delimiter'
          ? this.readDelimiter()
          : this.state === 'headers'
            ? this.readHeaderLine()
            : this.state === 'body'
              ? this.readBody(parts)
              : false;
      if (!progressed) break;
    }
    if (this.buffer.length > this.maxPartBytes + MAX_HEADER_BYTES) {
      throw new MultipartFormatError(`no multipart delimiter within ${this.maxPartBytes} bytes`);
    }
    return parts;
  }

  /** Skips to the end of the next delimiter line. */
  private readDelimiter(): boolean {
    const at = this.findDelimiter(0);
    if (at === null) {
      // Keep a tail that may hold the start of a delimiter split across chunks.
      this.keepTail(this.token.length + 64);
      return false;
    }
    const lineEnd = this.buffer.indexOf(LF, at.tokenEnd);
    if (lineEnd < 0) return false;
    const isClose = this.buffer[at.tokenEnd] === DASH && this.buffer[at.tokenEnd + 1] === DASH;
    this.buffer = this.buffer.subarray(lineEnd + 1);
    this.state = isClose ? 'done' : 'headers';
    this.headers = {};
    this.headerBytes = 0;
    return !isClose;
  }

  private readHeaderLine(): boolean {
    const lineEnd = this.buffer.indexOf(LF);
    if (lineEnd < 0) {
      if (this.buffer.length > MAX_HEADER_BYTES)
        throw new MultipartFormatError('multipart header line too long');
      return false;
    }
    const line = this.buffer.toString('latin1', 0, lineEnd).replace(/\r$/, '');
    this.buffer = this.buffer.subarray(lineEnd + 1);
    this.headerBytes += lineEnd + 1;
    if (this.headerBytes > MAX_HEADER_BYTES)
      throw new MultipartFormatError('multipart headers too long');
    if (line === '') {
      this.state = 'body';
      this.scanFrom = 0;
      return true;
    }
    const colon = line.indexOf(':');
    if (colon > 0)
      this.headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    return true;
  }

  private readBody(parts: MultipartPart[]): boolean {
    const lengthHeader = this.headers['content-length'];
    const length =
      lengthHeader !== undefined && /^\d+$/.test(lengthHeader) ? Number(lengthHeader) : null;
    if (length !== null) {
      if (length > this.maxPartBytes) {
        throw new MultipartFormatError(
          `multipart part of ${length} bytes exceeds ${this.maxPartBytes}`,
        );
      }
      if (this.buffer.length < length) return false;
      parts.push({ headers: this.headers, body: Buffer.from(this.buffer.subarray(0, length)) });
      this.buffer = this.buffer.subarray(length);
      this.state = 'delimiter';
      return true;
    }
    const at = this.findDelimiter(this.scanFrom, true);
    if (at === null) {
      this.scanFrom = Math.max(0, this.buffer.length - this.token.length - 64);
      if (this.buffer.length > this.maxPartBytes) {
        throw new MultipartFormatError(`multipart part exceeds ${this.maxPartBytes} bytes`);
      }
      return false;
    }
    let bodyEnd = at.lineStart - 1;
    if (bodyEnd > 0 && this.buffer[bodyEnd - 1] === CR) bodyEnd--;
    parts.push({
      headers: this.headers,
      body: Buffer.from(this.buffer.subarray(0, Math.max(0, bodyEnd))),
    });
    this.buffer = this.buffer.subarray(at.lineStart);
    this.state = 'delimiter';
    return true;
  }

  /**
   * Finds a delimiter line: it starts the buffer (or follows a LF) and is optional dashes then
   * the token. Inside a body (`afterLineBreak`), it must follow a LF.
   */
  private findDelimiter(
    from: number,
    afterLineBreak = false,
  ): { lineStart: number; tokenEnd: number } | null {
    for (
      let i = this.buffer.indexOf(this.token, from);
      i >= 0;
      i = this.buffer.indexOf(this.token, i + 1)
    ) {
      let lineStart = i;
      while (lineStart > 0 && this.buffer[lineStart - 1] === DASH) lineStart--;
      const atLineStart = lineStart === 0 ? !afterLineBreak : this.buffer[lineStart - 1] === LF;
      if (atLineStart && (!afterLineBreak || lineStart > 0))
        return { lineStart, tokenEnd: i + this.token.length };
      // Outside a body, anything before the delimiter is preamble or padding between parts.
      if (!afterLineBreak) return { lineStart, tokenEnd: i + this.token.length };
    }
    return null;
  }

  private keepTail(bytes: number): void {
    if (this.buffer.length > bytes) this.buffer = this.buffer.subarray(this.buffer.length - bytes);
  }
}
