import { TestBed } from '@angular/core/testing';
import { childBoxes } from '@camrec/mp4';
import { readMp4Fixture } from '@camrec/mp4/testing';
import { LivePlayer } from './live-player';

class FakeSocket {
  static readonly OPEN = 1;
  readyState = 0;
  binaryType = 'blob';
  onopen: (() => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;
  onerror: (() => void) | null = null;
  constructor(readonly url: string) {}
  send() {
    return undefined;
  }
  close() {
    return undefined;
  }
  open() {
    this.readyState = 1;
    this.onopen?.();
  }
  text(message: object) {
    this.onmessage?.({ data: JSON.stringify(message) });
  }
  binary(bytes: Uint8Array) {
    this.onmessage?.({ data: bytes.slice().buffer });
  }
}

function initSegment(): Uint8Array {
  const file = readMp4Fixture('every-frame.mp4');
  const moov = [...childBoxes(file, 0, file.length)].find((box) => box.type === 'moov');
  return file.slice(0, moov?.end);
}

describe('LivePlayer', () => {
  let sockets: FakeSocket[];
  let player: LivePlayer;
  const elements = () => ({
    canvas: document.createElement('canvas'),
    video: document.createElement('video'),
  });

  beforeEach(() => {
    (globalThis as unknown as { WebSocket: unknown }).WebSocket = FakeSocket;
    sockets = [];
    TestBed.configureTestingModule({ providers: [LivePlayer] });
    player = TestBed.inject(LivePlayer);
    player.createSocket = (url) => {
      const socket = new FakeSocket(url);
      sockets.push(socket);
      return socket as unknown as WebSocket;
    };
  });

  afterEach(() => player.dispose());

  it('asks for JPEG frames from an MJPEG session', () => {
    player.start(elements(), { sessionId: 'm1', sourceType: 'mjpeg', hasAudio: false });
    expect(sockets[0].url).toContain('session_id=m1&format=jpeg');
  });

  it('falls back to JPEG frames when the browser has neither WebCodecs nor MSE', async () => {
    player.start(elements(), { sessionId: 'r1', sourceType: 'rtsp', hasAudio: false });
    expect(sockets[0].url).toContain('format=mse');
    sockets[0].open();
    sockets[0].text({ type: 'init', mime: 'video/mp4; codecs="avc1.640028"', generation: 1 });
    sockets[0].binary(initSegment());
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(sockets).toHaveLength(2);
    expect(sockets[1].url).toContain('format=jpeg');
  });

  it('reports the camera reconnecting and coming back', () => {
    player.start(elements(), { sessionId: 'r1', sourceType: 'rtsp', hasAudio: false });
    sockets[0].open();
    expect(player.state()).toBe('connecting');
    sockets[0].text({ type: 'status', state: 'reconnecting', reason: 'connection refused' });
    expect(player.state()).toBe('reconnecting');
    expect(player.notice()).toBe('connection refused');
    sockets[0].text({ type: 'status', state: 'active' });
    expect(player.state()).toBe('connecting');
    expect(player.notice()).toBeNull();
  });

  it('says when the connection to the server drops', () => {
    player.start(elements(), { sessionId: 'r1', sourceType: 'rtsp', hasAudio: false });
    sockets[0].open();
    sockets[0].onclose?.({ code: 1006, reason: '' });
    expect(player.state()).toBe('reconnecting');
    expect(player.notice()).toMatch(/reconnecting/);
  });

  it('closes for good with the server reason', () => {
    player.start(elements(), { sessionId: 'r1', sourceType: 'rtsp', hasAudio: false });
    sockets[0].open();
    sockets[0].onclose?.({ code: 4000, reason: 'session closed by the user' });
    expect(player.state()).toBe('closed');
    expect(player.notice()).toBe('session closed by the user');
  });
});
