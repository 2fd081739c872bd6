import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { engineHttpClient } from './engine-http-client';

describe('engineHttpClient (a real HTTP server on loopback)', () => {
  let server: Server;
  let connections = 0;

  beforeAll(async () => {
    server = createServer((_request, response) => response.end('{"ok":true}'));
    server.on('connection', () => (connections += 1));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('opens a connection per call, so that no call reuses one the engine is closing', async () => {
    const client = engineHttpClient((server.address() as AddressInfo).port);
    for (let call = 0; call < 5; call += 1) {
      expect((await client.get('/v3/paths/list')).data).toEqual({ ok: true });
    }
    expect(connections).toBe(5);
  });
});
