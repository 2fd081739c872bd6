import { createHash } from 'node:crypto';
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { getHeader, serializeMessage } from '../rtsp-message';
import { RtspReader } from '../rtsp-reader';
import { RtspRelay } from './rtsp-relay';

const md5 = (text: string) => createHash('md5').update(text).digest('hex');

/**
 * A camera that speaks just enough RTSP to challenge with Digest qop=auth (which the GStreamer
 * simulator does not offer) and to check the answer by RFC 7616's formula.
 */
function startQopCamera(user: string, password: string) {
  const seen: string[] = [];
  const server = createServer((socket: Socket) => {
    // The library's own reader: no second RTSP parser, even in a test.
    const reader = new RtspReader();
    socket.on('data', (chunk: Buffer) => {
      for (const request of reader.push(chunk)) {
        if (request.kind !== 'message') continue;
        seen.push(serializeMessage(request).toString());
        const [method, uri] = request.startLine.split(' ');
        const cseq = getHeader(request, 'CSeq');
        const auth = /^Digest (.*)/i.exec(getHeader(request, 'Authorization') ?? '')?.[1] ?? '';
        const field = (name: string) => new RegExp(`${name}="?([^",]*)"?`).exec(auth)?.[1] ?? '';
        const ha1 = md5(`${user}:cam:${password}`);
        const expected = md5(
          `${ha1}:n1:${field('nc')}:${field('cnonce')}:auth:${md5(`${method}:${field('uri')}`)}`,
        );
        const ok = auth !== '' && field('qop') === 'auth' && field('response') === expected;
        socket.write(
          ok && field('uri') === uri
            ? `RTSP/1.0 200 OK\r\nCSeq: ${cseq}\r\nContent-Base: rtsp://10.1.2.3/live/\r\n\r\n`
            : `RTSP/1.0 401 Unauthorized\r\nCSeq: ${cseq}\r\n` +
                'WWW-Authenticate: Digest realm="cam", nonce="n1", qop="auth", algorithm=MD5\r\n\r\n',
        );
      }
    });
  });
  return new Promise<{ server: Server; port: number; seen: string[] }>((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, port: (server.address() as AddressInfo).port, seen }),
    ),
  );
}

/** Sends one request on a raw connection to the relay and returns the answer's head. */
function ask(url: string, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const { port } = new URL(url);
    const socket = connect({ host: '127.0.0.1', port: Number(port) });
    let answer = '';
    socket.on('error', reject);
    socket.on('data', (chunk: Buffer) => {
      answer += chunk.toString();
      if (answer.includes('\r\n\r\n')) {
        socket.destroy();
        resolve(answer);
      }
    });
    socket.write(request);
  });
}

describe('RtspRelay and Digest qop=auth', () => {
  it('answers the challenge itself and passes the camera’s answer on with relay URLs', async () => {
    const camera = await startQopCamera('admin', 'se"cret');
    const relay = new RtspRelay();
    await relay.start();
    try {
      const url = relay.add('cam', `rtsp://admin:se%22cret@127.0.0.1:${camera.port}/live`).url;
      const answer = await ask(url, `DESCRIBE ${url} RTSP/1.0\r\nCSeq: 7\r\n\r\n`);
      expect(answer).toMatch(/^RTSP\/1\.0 200 OK\r\n/);
      expect(answer).toContain('CSeq: 7\r\n');
      expect(answer).toContain(`Content-Base: ${url}/live/\r\n`);
      // First without credentials, then the relay's answer to the challenge, for the camera URL.
      expect(camera.seen).toHaveLength(2);
      expect(camera.seen[1]).toMatch(
        new RegExp(`^DESCRIBE rtsp://127\\.0\\.0\\.1:${camera.port}/live RTSP/1\\.0`),
      );
      expect(camera.seen[1]).toMatch(/qop=auth, nc=00000001/);
    } finally {
      await relay.stop();
      camera.server.close();
    }
  });
});
