import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { RtspRelay } from './rtsp-relay';

const FRAME = Buffer.concat([Buffer.from([0x24, 0, 0xff, 0xfc]), Buffer.alloc(0xfffc, 7)]);

/**
 * A camera that answers any request and then sends interleaved frames as fast as its
 * connection takes them, counting what it got rid of.
 */
function startFloodingCamera() {
  const sent = { bytes: 0 };
  const server = createServer((socket: Socket) => {
    socket.on('error', () => undefined);
    socket.once('data', (request: Buffer) => {
      const cseq = /CSeq: (\S+)/i.exec(request.toString())?.[1];
      socket.write(`RTSP/1.0 200 OK\r\nCSeq: ${cseq}\r\nSession: 1\r\n\r\n`);
      const flood = () => {
        while (!socket.destroyed) {
          sent.bytes += FRAME.length;
          if (!socket.write(FRAME)) return socket.once('drain', flood);
        }
      };
      flood();
    });
  });
  return new Promise<{ port: number; sent: typeof sent; close: () => void }>((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        port: (server.address() as AddressInfo).port,
        sent,
        close: () => server.close(),
      }),
    ),
  );
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('RtspRelay backpressure', () => {
  it('stops reading the camera while ffmpeg does not read, instead of buffering', async () => {
    const camera = await startFloodingCamera();
    const relay = new RtspRelay();
    await relay.start();
    const url = relay.add('cam', `rtsp://u:p@127.0.0.1:${camera.port}/live`).url;
    // A client that sends PLAY and then never reads.
    const client = connect({ host: '127.0.0.1', port: Number(new URL(url).port) });
    client.pause();
    client.write(`PLAY ${url} RTSP/1.0\r\nCSeq: 1\r\n\r\n`);
    try {
      await sleep(2000);
      const stalledAt = camera.sent.bytes;
      await sleep(1000);
      // Only the sockets' kernel buffers and one pending write are filled: a few MB at most.
      expect(camera.sent.bytes).toBe(stalledAt);
      expect(stalledAt).toBeLessThan(64 * 1024 * 1024);
      expect(stalledAt).toBeGreaterThan(0);

      // Reading again lets the stream flow again.
      let received = 0;
      client.on('data', (chunk: Buffer) => (received += chunk.length));
      client.resume();
      await sleep(500);
      expect(camera.sent.bytes).toBeGreaterThan(stalledAt);
      expect(received).toBeGreaterThan(0);
    } finally {
      client.destroy();
      await relay.stop();
      camera.close();
    }
  });
});
