import { STREAM_CLOSE, type StreamServerMessage } from '@camrec/shared-types';
import { StreamClient, streamUrl, type StreamConnectionState } from './stream-client';

/** Just enough of a WebSocket to drive the client by hand. */
class FakeSocket {
  static readonly OPEN = 1;
  readyState = 0;
  binaryType = 'blob';
  sent: string[] = [];
  closedWith: number | null = null;
  onopen: (() => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;
  onerror: (() => void) | null = null;

  constructor(readonly url: string) {}
  send(data: string) {
    this.sent.push(data);
  }
  close(code: number) {
    this.closedWith = code;
  }
  open() {
    this.readyState = 1;
    this.onopen?.();
  }
  drop(code: number, reason = '') {
    this.readyState = 3;
    this.onclose?.({ code, reason });
  }
}

describe('StreamClient', () => {
  let sockets: FakeSocket[];
  let states: StreamConnectionState[];
  let messages: StreamServerMessage[];
  let binaries: Uint8Array[];
  let client: StreamClient;

  beforeEach(() => {
    jest.useFakeTimers();
    jest.spyOn(Math, 'random').mockReturnValue(0.5);
    (globalThis as unknown as { WebSocket: unknown }).WebSocket = FakeSocket;
    sockets = [];
    states = [];
    messages = [];
    binaries = [];
    client = new StreamClient({
      sessionId: 'abc',
      format: 'mse',
      origin: 'http://127.0.0.1:8000',
      createSocket: (url) => {
        const socket = new FakeSocket(url);
        sockets.push(socket);
        return socket as unknown as WebSocket;
      },
      onMessage: (m) => messages.push(m),
      onBinary: (b) => binaries.push(b),
      onStateChange: (s) => states.push(s),
    });
  });

  afterEach(() => {
    client.close();
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  it('builds the stream URL on the page origin', () => {
    expect(streamUrl('https://host:9/', 'a b', 'jpeg')).toBe(
      'wss://host:9/stream?session_id=a+b&format=jpeg',
    );
    client.start();
    expect(sockets[0].url).toBe('ws://127.0.0.1:8000/stream?session_id=abc&format=mse');
    expect(sockets[0].binaryType).toBe('arraybuffer');
  });

  it('passes JSON messages and binary data on, ignores junk', () => {
    client.start();
    sockets[0].open();
    sockets[0].onmessage?.({ data: '{"type":"init","mime":"video/mp4","generation":1}' });
    sockets[0].onmessage?.({ data: 'not json' });
    sockets[0].onmessage?.({ data: new Uint8Array([1, 2, 3]).buffer });
    expect(messages).toEqual([{ type: 'init', mime: 'video/mp4', generation: 1 }]);
    expect(Array.from(binaries[0])).toEqual([1, 2, 3]);
    client.send({ type: 'stats' });
    expect(sockets[0].sent).toEqual(['{"type":"stats"}']);
  });

  it('reconnects with growing delays and says so', () => {
    client.start();
    sockets[0].open();
    sockets[0].drop(1006);
    expect(states).toEqual(['open', 'reconnecting']);
    jest.advanceTimersByTime(499);
    expect(sockets).toHaveLength(1);
    jest.advanceTimersByTime(1);
    expect(sockets).toHaveLength(2);
    sockets[1].drop(1006);
    jest.advanceTimersByTime(999);
    expect(sockets).toHaveLength(2);
    jest.advanceTimersByTime(1);
    expect(sockets).toHaveLength(3);
    sockets[2].open();
    expect(states.at(-1)).toBe('open');
  });

  it('caps the backoff and adds jitter', () => {
    expect(client.backoffDelay(0, 0.5)).toBe(500);
    expect(client.backoffDelay(3, 0.5)).toBe(4000);
    expect(client.backoffDelay(10, 0.5)).toBe(10_000);
    expect(client.backoffDelay(10, 0)).toBe(8000);
    expect(client.backoffDelay(10, 1)).toBe(12_000);
  });

  it('stops for good when the session is closed or unknown', () => {
    const details: unknown[] = [];
    const finalClient = new StreamClient({
      sessionId: 'abc',
      format: 'jpeg',
      origin: 'http://127.0.0.1:8000',
      createSocket: (url) => {
        const socket = new FakeSocket(url);
        sockets.push(socket);
        return socket as unknown as WebSocket;
      },
      onMessage: () => undefined,
      onBinary: () => undefined,
      onStateChange: (state, detail) => details.push([state, detail]),
    });
    finalClient.start();
    sockets[0].open();
    sockets[0].drop(STREAM_CLOSE.SESSION_CLOSED, 'closed by user');
    jest.advanceTimersByTime(60_000);
    expect(sockets).toHaveLength(1);
    expect(details.at(-1)).toEqual(['closed', { code: 4000, reason: 'closed by user' }]);
  });

  it('closes the socket and cancels a pending retry when asked', () => {
    client.start();
    sockets[0].drop(1006);
    client.close();
    jest.advanceTimersByTime(60_000);
    expect(sockets).toHaveLength(1);
    expect(states.at(-1)).toBe('closed');
  });
});
