import { createServer, type Server } from 'node:https';
import { get } from 'node:http';
import { startMjpegCamera, SimCamera } from '@camrec/testing/camera-sim';
import { getJson, postJson } from '../../test-support/http';
import { makeSelfSignedCert } from '../../test-support/self-signed-cert';
import { startTestApp, TestApp } from '../../test-support/test-app';

/** An https MJPEG camera with a self-signed certificate: TLS in front of a simulated one. */
async function httpsCamera(camera: SimCamera): Promise<{ server: Server; url: string }> {
  const { cert, key, remove } = makeSelfSignedCert();
  remove(); // the server below takes the certificate's bytes, not its files
  const server = createServer({ cert, key }, (req, res) => {
    get(`http://127.0.0.1:${camera.port}${req.url}`, (upstream) => {
      res.writeHead(upstream.statusCode ?? 502, upstream.headers);
      upstream.pipe(res);
      res.on('close', () => upstream.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { server, url: camera.url.replace(/^http:\/\/[^/]+/, `https://127.0.0.1:${port}`) };
}

describe('TLS verification of https MJPEG cameras (booted app)', () => {
  let app: TestApp;
  let camera: SimCamera;
  let https: { server: Server; url: string };

  beforeAll(async () => {
    camera = await startMjpegCamera();
    https = await httpsCamera(camera);
    app = await startTestApp({ verify_attempts: 1 });
  });
  afterAll(async () => {
    await app.close();
    https.server.closeAllConnections();
    https.server.close();
    await camera.stop();
  });

  it('refuses a self-signed camera by default, saying how to opt out', async () => {
    const { status, body } = await postJson(app, '/session/open', { url: https.url });
    expect(status).toBe(502);
    expect(body.message).toMatch(/TLS certificate could not be verified/);
    expect(body.message).toMatch(/"insecure_tls": true/);
  });

  it('opens it with insecure_tls, and says so in the session info and list', async () => {
    const { status, body } = await postJson(app, '/session/open', {
      url: https.url,
      insecure_tls: true,
    });
    expect(status).toBe(201);
    expect(body.insecure_tls).toBe(true);
    const list = await getJson(app, '/session/list');
    expect(list.body.sessions).toMatchObject([{ session_id: body.session_id, insecure_tls: true }]);
  });

  it('refuses a non-boolean insecure_tls', async () => {
    const { status, body } = await postJson(app, '/session/open', {
      url: https.url,
      insecure_tls: 'yes',
    });
    expect(status).toBe(400);
    expect(body.message).toBe('insecure_tls must be true or false');
  });
});
