import {
  STREAM_CLOSE,
  type StreamClientMessage,
  type StreamFormat,
  type StreamServerMessage,
} from '@camrec/shared-types';

export type StreamConnectionState = 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface StreamClosedDetail {
  code: number;
  reason: string;
}

export interface StreamClientOptions {
  sessionId: string;
  format: StreamFormat;
  onMessage(message: StreamServerMessage): void;
  onBinary(data: Uint8Array): void;
  onStateChange(state: StreamConnectionState, detail?: StreamClosedDetail): void;
  /** Page origin the socket talks to; defaults to the page's own. */
  origin?: string;
  createSocket?: (url: string) => WebSocket;
  initialBackoffMs?: number;
  maxBackoffMs?: number;
}

/** Close codes after which trying again cannot help: the session or request is gone/bad. */
const FINAL_CODES = new Set<number>([
  STREAM_CLOSE.SESSION_CLOSED,
  STREAM_CLOSE.BAD_REQUEST,
  STREAM_CLOSE.SESSION_NOT_FOUND,
  STREAM_CLOSE.UNSUPPORTED_FORMAT,
]);

/** A connection that stayed up this long resets the backoff. */
const STABLE_AFTER_MS = 5000;

export function streamUrl(origin: string, sessionId: string, format: StreamFormat): string {
  const url = new URL('/stream', origin);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.searchParams.set('session_id', sessionId);
  url.searchParams.set('format', format);
  return url.toString();
}

/**
 * The `/stream` WebSocket of one session. Reconnects by itself with exponential backoff and
 * jitter while the session may still exist; stops for good on the close codes that say it
 * does not (or when `close()` is called).
 */
export class StreamClient {
  private socket: WebSocket | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private attempt = 0;
  private openedAt = 0;
  private stopped = false;
  private current: StreamConnectionState = 'connecting';

  constructor(private readonly options: StreamClientOptions) {}

  get state(): StreamConnectionState {
    return this.current;
  }

  start(): void {
    this.stopped = false;
    this.connect();
  }

  send(message: StreamClientMessage): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(message));
  }

  close(): void {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      socket.onopen = socket.onmessage = socket.onclose = socket.onerror = null;
      socket.close(1000, 'viewer left');
    }
    this.setState('closed');
  }

  /** Delay before retry number `attempt` (0-based): doubles up to the cap, ±20 % jitter. */
  backoffDelay(attempt: number, random = Math.random()): number {
    const initial = this.options.initialBackoffMs ?? 500;
    const max = this.options.maxBackoffMs ?? 10_000;
    const base = Math.min(max, initial * 2 ** attempt);
    return Math.round(base * (0.8 + 0.4 * random));
  }

  private connect(): void {
    const origin = this.options.origin ?? globalThis.location.origin;
    const url = streamUrl(origin, this.options.sessionId, this.options.format);
    const socket = (this.options.createSocket ?? ((u: string) => new WebSocket(u)))(url);
    socket.binaryType = 'arraybuffer';
    this.socket = socket;
    socket.onopen = () => {
      this.openedAt = Date.now();
      this.setState('open');
    };
    socket.onmessage = (event: MessageEvent) => this.receive(event.data);
    socket.onclose = (event: CloseEvent) => this.closed(event.code, event.reason);
    // The close event that follows carries the details.
    socket.onerror = null;
  }

  private receive(data: unknown): void {
    if (data instanceof ArrayBuffer) {
      this.options.onBinary(new Uint8Array(data));
      return;
    }
    if (typeof data !== 'string') return;
    let message: StreamServerMessage;
    try {
      message = JSON.parse(data) as StreamServerMessage;
    } catch {
      return;
    }
    if (message && typeof message === 'object' && 'type' in message) {
      this.options.onMessage(message);
    }
  }

  private closed(code: number, reason: string): void {
    this.socket = null;
    if (this.stopped) return;
    if (FINAL_CODES.has(code)) {
      this.stopped = true;
      this.setState('closed', { code, reason });
      return;
    }
    if (this.openedAt && Date.now() - this.openedAt >= STABLE_AFTER_MS) this.attempt = 0;
    this.openedAt = 0;
    const delay = this.backoffDelay(this.attempt++);
    this.setState('reconnecting', { code, reason });
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (!this.stopped) this.connect();
    }, delay);
  }

  private setState(state: StreamConnectionState, detail?: StreamClosedDetail): void {
    if (state === this.current && !detail) return;
    this.current = state;
    this.options.onStateChange(state, detail);
  }
}
