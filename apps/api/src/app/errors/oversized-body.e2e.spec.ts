import { launchServer, type LaunchedServer } from '@camrec/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rawRequest } from '../../test-support/raw-http';
import { DRAIN_UP_TO_BYTES } from './drain-oversized-body';

// The built server, a process of its own: in the test's own process the timing differs and the
// reset below did not show.
describe('a body over the 64 KiB limit (built server)', () => {
  let server: LaunchedServer;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'camrec-oversized-'));
    server = await launchServer({ dir });
  });
  afterAll(async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  // 6 MB does not fit the socket buffers: the client is still writing when the answer is ready.
  // Closed on the unread rest, the connection was reset and the client got EPIPE, not the 4xx.
  it.each(['application/json', 'text/plain'])(
    'is answered with its 4xx while the client still writes it, every time (%s)',
    async (type) => {
      const body = JSON.stringify({ name: 'x'.repeat(6_000_000) });
      expect(body.length).toBeLessThan(DRAIN_UP_TO_BYTES);
      for (let i = 0; i < 10; i++) {
        const answer = await rawRequest(server.baseUrl, '/session/close', {
          method: 'POST',
          headers: { 'content-type': type, 'content-length': String(body.length) },
          body,
        });
        expect(answer.status).toBe(type === 'application/json' ? 413 : 415);
        expect(JSON.parse(answer.text)).toMatchObject({ statusCode: answer.status });
      }
      expect((await rawRequest(server.baseUrl, '/health')).status).toBe(200);
    },
  );
});
