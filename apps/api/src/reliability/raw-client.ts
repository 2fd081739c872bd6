import { request } from 'node:http';
import { WebSocket } from 'ws';

/**
 * Clients that send exactly what a hostile peer would: any Host and Origin header, any body
 * bytes, any content type (fetch would refuse or rewrite some of them).
 */

export interface RawAnswer {
  /** HTTP status, or null when no answer came (reset, timeout). */
  status: number | null;
  body: string;
  /** Why there was no answer. */
  error?: string;
}

export interface RawRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export function sendRaw(port: number, req: RawRequest, timeoutMs = 20_000): Promise<RawAnswer> {
  return new Promise((resolve) => {
    let settled = false;
    const done = (answer: RawAnswer) => {
      if (settled) return;
      settled = true;
      resolve(answer);
    };
    const body = req.body === undefined ? undefined : Buffer.from(req.body);
    const outgoing = request(
      {
        host: '127.0.0.1',
        port,
        method: req.method,
        path: req.path,
        agent: false,
        headers: {
          ...(body ? { 'content-length': String(body.length) } : {}),
          ...req.headers,
        },
        timeout: timeoutMs,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          done({ status: response.statusCode ?? null, body: Buffer.concat(chunks).toString() }),
        );
        response.on('error', () =>
          done({ status: response.statusCode ?? null, body: Buffer.concat(chunks).toString() }),
        );
      },
    );
    outgoing.on('timeout', () => {
      outgoing.destroy();
      done({ status: null, body: '', error: 'timeout' });
    });
    // The server may answer (413, 415) and close before a large body is written: the answer
    // still arrives through the response callback; an error without one is "no answer".
    outgoing.on('error', (error: NodeJS.ErrnoException) =>
      setTimeout(() => done({ status: null, body: '', error: error.code ?? error.message }), 200),
    );
    outgoing.end(body);
  });
}

export interface WsOutcome {
  /** The HTTP status of a refused upgrade. */
  httpStatus?: number;
  /** The close code when the server accepted, then closed. */
  closeCode?: number;
  /** Binary media messages received before the close. */
  mediaMessages: number;
  error?: string;
}

/**
 * Opens `/stream` with the given headers, waits up to `settleMs` for the server to refuse,
 * close or send media, then closes.
 */
export function tryWebSocket(
  port: number,
  path: string,
  headers: Record<string, string>,
  settleMs = 1500,
): Promise<WsOutcome> {
  return new Promise((resolve) => {
    const outcome: WsOutcome = { mediaMessages: 0 };
    const socket = new WebSocket(`ws://127.0.0.1:${port}${path}`, { headers });
    const timer = setTimeout(() => socket.terminate(), settleMs);
    socket.on('unexpected-response', (_req, res) => {
      outcome.httpStatus = res.statusCode;
      res.resume();
      socket.terminate();
    });
    socket.on('message', (_data, isBinary) => {
      if (isBinary) outcome.mediaMessages += 1;
    });
    socket.on('close', (code) => {
      if (outcome.httpStatus === undefined && code !== 1006) outcome.closeCode = code;
      clearTimeout(timer);
      resolve(outcome);
    });
    socket.on('error', (error) => (outcome.error ??= error.message));
  });
}

/** A viewer connection that the caller drives (garbage, floods, huge messages). */
export function openViewer(port: number, sessionId: string, format = 'jpeg'): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(
      `ws://127.0.0.1:${port}/stream?session_id=${sessionId}&format=${format}`,
    );
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Resolves with the close code once the socket is closed (by either side). */
export function closed(socket: WebSocket, timeoutMs = 10_000): Promise<number | null> {
  if (socket.readyState === WebSocket.CLOSED) return Promise.resolve(null);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(null), timeoutMs);
    socket.once('close', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}
