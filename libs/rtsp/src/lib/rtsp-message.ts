/** One RTSP request or response, as read from or written to a connection. */
export interface RtspMessage {
  kind: 'message';
  /** "DESCRIBE rtsp://… RTSP/1.0" or "RTSP/1.0 200 OK". */
  startLine: string;
  headers: Array<[name: string, value: string]>;
  body: Buffer;
}

/** RTP or RTCP carried on the RTSP connection: `$`, channel, 16-bit length, payload. */
export interface InterleavedFrame {
  kind: 'interleaved';
  channel: number;
  /** The whole frame, header included, so it can be passed on untouched. */
  bytes: Buffer;
}

export type RtspChunk = RtspMessage | InterleavedFrame;

export function isResponse(message: RtspMessage): boolean {
  return message.startLine.startsWith('RTSP/');
}

/** Status code of a response. */
export function statusOf(message: RtspMessage): number {
  return Number(message.startLine.split(' ')[1]);
}

export function getHeader(message: RtspMessage, name: string): string | undefined {
  const lower = name.toLowerCase();
  return message.headers.find(([key]) => key.toLowerCase() === lower)?.[1];
}

export function getHeaders(message: RtspMessage, name: string): string[] {
  const lower = name.toLowerCase();
  return message.headers.filter(([key]) => key.toLowerCase() === lower).map(([, value]) => value);
}

/** Replaces every header of that name by one (or removes them all when value is null). */
export function setHeader(message: RtspMessage, name: string, value: string | null): void {
  const lower = name.toLowerCase();
  const at = message.headers.findIndex(([key]) => key.toLowerCase() === lower);
  message.headers = message.headers.filter(([key]) => key.toLowerCase() !== lower);
  if (value !== null)
    message.headers.splice(at < 0 ? message.headers.length : at, 0, [name, value]);
}

export function serializeMessage(message: RtspMessage): Buffer {
  const head =
    [message.startLine, ...message.headers.map(([name, value]) => `${name}: ${value}`)].join(
      '\r\n',
    ) + '\r\n\r\n';
  return Buffer.concat([Buffer.from(head, 'utf8'), message.body]);
}

/** A short response made by the relay itself. */
export function relayResponse(status: number, reason: string, cseq: string | undefined): Buffer {
  return serializeMessage({
    kind: 'message',
    startLine: `RTSP/1.0 ${status} ${reason}`,
    headers: cseq === undefined ? [] : [['CSeq', cseq]],
    body: Buffer.alloc(0),
  });
}
