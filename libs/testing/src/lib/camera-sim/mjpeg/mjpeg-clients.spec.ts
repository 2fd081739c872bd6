import { createServer, ServerResponse } from 'node:http';
import { connect } from 'node:net';
import { closeServer, listen } from '../net/tcp-listen';
import { MjpegClients } from './mjpeg-clients';

const FRAME = Buffer.alloc(512 * 1024, 0x55);

describe('MjpegClients', () => {
  it('skips frames for a viewer that does not read, keeping at most about one frame queued', async () => {
    const clients = new MjpegClients();
    let response: ServerResponse | undefined;
    const server = createServer((_req, res) => {
      response = res;
      clients.add(res);
    });
    const port = await listen(server, 0, '127.0.0.1');
    const socket = connect(port, '127.0.0.1');
    socket.write('GET /mjpeg HTTP/1.1\r\nHost: camera\r\n\r\n');
    socket.pause(); // a viewer that stopped reading
    while (clients.size === 0) await new Promise((resolve) => setTimeout(resolve, 5));

    let maxQueued = 0;
    for (let i = 0; i < 100; i++) {
      clients.broadcast(FRAME);
      maxQueued = Math.max(maxQueued, response?.writableLength ?? 0);
      await new Promise((resolve) => setImmediate(resolve));
    }
    const [stats] = clients.stats();
    expect(stats.framesSent + stats.framesSkipped).toBe(100);
    expect(stats.framesSkipped).toBeGreaterThan(0);
    expect(clients.framesSkipped).toBe(stats.framesSkipped);
    expect(maxQueued).toBeLessThanOrEqual(2 * FRAME.length);

    socket.destroy();
    clients.closeAll();
    // The total keeps the skips of viewers that are gone.
    expect(clients.framesSkipped).toBe(stats.framesSkipped);
    await closeServer(server);
  });
});
