import { rawRequest, closeOf, tryWebSocket } from '../../test-support/raw-http';
import { makeSelfSignedCert, SelfSignedCert } from '../../test-support/self-signed-cert';
import { startTestApp, TestApp } from '../../test-support/test-app';
import { STREAM_CLOSE } from '@camrec/shared-types';

describe('HTTPS and WSS with tls_cert/tls_key (booted app, self-signed certificate)', () => {
  let app: TestApp;
  let tls: SelfSignedCert;
  const token = 'a-configured-token-for-tls';
  const bearer = { authorization: `Bearer ${token}` };

  beforeAll(async () => {
    tls = makeSelfSignedCert();
    app = await startTestApp({
      host: '0.0.0.0',
      auth_token: token,
      tls_cert: tls.certFile,
      tls_key: tls.keyFile,
    });
  });
  afterAll(async () => {
    // The app read the certificate when it started: its files can go first.
    tls.remove();
    await app.close();
  });

  it('serves HTTPS only, and no clear-text warning', async () => {
    expect(app.baseUrl).toMatch(/^https:/);
    const health = await rawRequest(app.baseUrl, '/health', { headers: bearer, ca: tls.cert });
    expect(health.status).toBe(200);
    expect(JSON.parse(health.text).security).toEqual({
      token_required: true,
      signed_in: true,
      tls: true,
      warning: null,
    });
    await expect(rawRequest(app.baseUrl.replace('https:', 'http:'), '/health')).rejects.toThrow();
    expect(app.logs.join('\n')).not.toMatch(/clear text/);
  });

  it('marks the sign-in cookie Secure', async () => {
    const response = await rawRequest(app.baseUrl, '/auth/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token }),
      ca: tls.cert,
    });
    expect(response.status).toBe(200);
    expect(String(response.headers['set-cookie'])).toMatch(/; Secure/);
  });

  it('serves the stream over WSS, with its https origin', async () => {
    const url = `${app.wsUrl}/stream?session_id=6f1c1a52-3c1e-4f7e-9a55-0d7f0b9e8c11`;
    expect(url).toMatch(/^wss:/);
    const refused = await tryWebSocket(url, { ca: tls.cert, origin: app.baseUrl });
    expect(refused).toMatchObject({ refused: 401 });
    const accepted = await tryWebSocket(url, {
      ca: tls.cert,
      origin: app.baseUrl,
      headers: bearer,
    });
    if (!('socket' in accepted)) throw new Error(`refused: ${JSON.stringify(accepted)}`);
    expect((await closeOf(accepted.socket)).code).toBe(STREAM_CLOSE.SESSION_NOT_FOUND);
    const plainOrigin = await tryWebSocket(url, {
      ca: tls.cert,
      origin: app.baseUrl.replace('https:', 'http:'),
      headers: bearer,
    });
    expect(plainOrigin).toMatchObject({ refused: 403 });
  });
});
