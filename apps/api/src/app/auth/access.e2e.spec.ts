import { readFileSync, statSync } from 'node:fs';
import { STREAM_CLOSE } from '@camrec/shared-types';
import { getJson, postJson } from '../../test-support/http';
import { closeOf, rawRequest, tryWebSocket } from '../../test-support/raw-http';
import { startTestApp, TestApp } from '../../test-support/test-app';

const POST_ROUTES = ['/session/open', '/session/close', '/record/start', '/record/stop'];
const SESSION_ID = '6f1c1a52-3c1e-4f7e-9a55-0d7f0b9e8c11';

function hostOf(app: TestApp): string {
  return new URL(app.baseUrl).host;
}

describe('access control on loopback (booted app)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  it('refuses a cross-site form post with 403 before anything happens', async () => {
    const response = await rawRequest(app.baseUrl, '/session/open', {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: 'http://evil.example',
      },
      body: 'url=rtsp%3A%2F%2F127.0.0.1%3A9%2Fx',
    });
    expect(response.status).toBe(403);
    expect(JSON.parse(response.text)).toEqual({
      statusCode: 403,
      error: 'Forbidden',
      message: expect.stringContaining('Origin "http://evil.example"'),
    });
    expect((await getJson(app, '/session/list')).body.sessions).toEqual([]);
  });

  it.each(POST_ROUTES)('accepts only JSON bodies on %s (415 otherwise)', async (path) => {
    const bodies: Array<[string, string]> = [
      ['application/x-www-form-urlencoded', 'url=rtsp%3A%2F%2Fcam%2Fs'],
      ['text/plain', JSON.stringify({ url: 'rtsp://cam/s', session_id: SESSION_ID })],
      [
        'multipart/form-data; boundary=x',
        '--x\r\ncontent-disposition: form-data; name="url"\r\n\r\nrtsp://cam/s\r\n--x--\r\n',
      ],
    ];
    for (const [type, body] of bodies) {
      const response = await rawRequest(app.baseUrl, path, {
        method: 'POST',
        headers: { 'content-type': type },
        body,
      });
      expect({ type, status: response.status }).toEqual({ type, status: 415 });
      expect(JSON.parse(response.text)).toMatchObject({ statusCode: 415 });
    }
    const none = await rawRequest(app.baseUrl, path, { method: 'POST' });
    expect(none.status).toBe(415);
    expect(JSON.parse(none.text).message).toMatch(/application\/json/);
  });

  it.each(['/session/list', '/videos', '/videos/x.mp4', '/health', '/', '/no-such-route'])(
    'answers 421 to a foreign Host header on %s (DNS rebinding)',
    async (path) => {
      const response = await rawRequest(app.baseUrl, path, {
        headers: { host: `evil.example:${new URL(app.baseUrl).port}` },
      });
      expect(response.status).toBe(421);
      expect(JSON.parse(response.text)).toEqual({
        statusCode: 421,
        error: 'Misdirected Request',
        message: expect.stringContaining('allowed_hosts'),
      });
    },
  );

  it('accepts loopback names and its own origin, refuses Origin: null', async () => {
    const port = new URL(app.baseUrl).port;
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]) {
      const own = await rawRequest(app.baseUrl, '/session/list', {
        headers: { host, origin: `http://${host}` },
      });
      expect({ host, status: own.status }).toEqual({ host, status: 200 });
    }
    const sandboxed = await rawRequest(app.baseUrl, '/session/list', {
      headers: { origin: 'null' },
    });
    expect(sandboxed.status).toBe(403);
    const otherPort = await rawRequest(app.baseUrl, '/session/list', {
      headers: { origin: 'http://127.0.0.1:1' },
    });
    expect(otherPort.status).toBe(403);
  });

  it('refuses WebSocket upgrades from foreign origins and hosts before the gateway runs', async () => {
    const url = `${app.wsUrl}/stream?session_id=${SESSION_ID}`;
    expect(await tryWebSocket(url, { origin: 'http://evil.example' })).toMatchObject({
      refused: 403,
    });
    expect(await tryWebSocket(url, { origin: 'null' })).toMatchObject({ refused: 403 });
    expect(
      await tryWebSocket(url, { headers: { host: `evil.example:${new URL(app.baseUrl).port}` } }),
    ).toMatchObject({ refused: 421 });
    // Its own origin reaches the gateway, which answers about the (unknown) session.
    const own = await tryWebSocket(url, { origin: app.baseUrl });
    if (!('socket' in own)) throw new Error(`refused: ${JSON.stringify(own)}`);
    expect(await closeOf(own.socket)).toEqual({
      code: STREAM_CLOSE.SESSION_NOT_FOUND,
      reason: `session ${SESSION_ID} not found`,
    });
    expect(app.logs.join('\n')).not.toMatch(/evil\.example/);
  });

  it.each(POST_ROUTES)('answers 400 to a deeply nested JSON body on %s', async (path) => {
    const response = await rawRequest(app.baseUrl, path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '['.repeat(60_000),
    });
    expect(response.status).toBe(400);
    expect(JSON.parse(response.text)).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'JSON body is nested more than 32 levels deep',
    });
  });

  it('answers anonymous /health in full on loopback (no token needed)', async () => {
    const { status, body } = await getJson(app, '/health');
    expect(status).toBe(200);
    expect(body.security).toEqual({
      token_required: false,
      signed_in: true,
      tls: false,
      warning: null,
    });
  });
});

describe('rate limit, CORS and allowed hosts (booted app)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({
      open_rate_limit_per_min: 2,
      cors_origins: ['http://nvr.example:8443'],
      allowed_hosts: ['nvr.example'],
    });
  });
  afterAll(() => app.close());

  it('answers 429 with Retry-After once a client passes open_rate_limit_per_min', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 2; i++) {
      statuses.push((await postJson(app, '/session/open', { url: 'file:///etc/passwd' })).status);
    }
    expect(statuses).toEqual([400, 400]);
    const limited = await postJson(app, '/session/open', { url: 'file:///etc/passwd' });
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // Other routes are not limited.
    expect((await getJson(app, '/session/list')).status).toBe(200);
  });

  it('lets a cors_origins page call the API, with CORS headers', async () => {
    const preflight = await rawRequest(app.baseUrl, '/session/close', {
      method: 'OPTIONS',
      headers: {
        origin: 'http://nvr.example:8443',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('http://nvr.example:8443');
    const list = await rawRequest(app.baseUrl, '/session/list', {
      headers: { origin: 'http://nvr.example:8443' },
    });
    expect(list.status).toBe(200);
    expect(list.headers['access-control-allow-origin']).toBe('http://nvr.example:8443');
    const foreign = await rawRequest(app.baseUrl, '/session/close', {
      method: 'OPTIONS',
      headers: { origin: 'http://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(foreign.status).toBe(403);
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('answers to an allowed_hosts name', async () => {
    const port = new URL(app.baseUrl).port;
    const response = await rawRequest(app.baseUrl, '/session/list', {
      headers: { host: `nvr.example:${port}`, origin: `http://nvr.example:${port}` },
    });
    expect(response.status).toBe(200);
  });
});

describe('beyond loopback: the access token (booted app)', () => {
  // host 0.0.0.0 in the config selects the policy; the test app itself listens on 127.0.0.1.
  let app: TestApp;
  let token: string;
  let tokenFile: string;
  beforeAll(async () => {
    app = await startTestApp({ host: '0.0.0.0' });
    tokenFile = app.config.auth_token_file;
    token = readFileSync(tokenFile, 'utf8').trim();
  });
  afterAll(() => app.close());

  it('generates a token at first start, in a file only its owner can read, printed once', () => {
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(statSync(tokenFile).mode & 0o777).toBe(0o600);
    const printed = app.logs.filter((line) => line.includes(token));
    expect(printed).toHaveLength(1);
    expect(printed[0]).toContain(tokenFile);
    expect(app.logs.join('\n')).toMatch(
      /WARN - the server listens beyond loopback without tls_cert/,
    );
  });

  it('needs the token on every API route; /health says only its status without it', async () => {
    for (const path of ['/session/list', '/videos', '/videos/x.mp4', '/record/status/x']) {
      const anonymous = await rawRequest(app.baseUrl, path);
      expect({ path, status: anonymous.status }).toEqual({ path, status: 401 });
      expect(JSON.parse(anonymous.text).message).toMatch(/Authorization: Bearer/);
      const wrong = await rawRequest(app.baseUrl, path, {
        headers: { authorization: `Bearer ${token.slice(0, -1)}x` },
      });
      expect(wrong.status).toBe(401);
    }
    const open = await rawRequest(app.baseUrl, '/session/open', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ url: 'rtsp://127.0.0.1:9/x' }),
    });
    expect(open.status).toBe(401);

    const anonymousHealth = await rawRequest(app.baseUrl, '/health');
    expect(anonymousHealth.status).toBe(200);
    expect(Object.keys(JSON.parse(anonymousHealth.text))).toEqual(['status']);

    const withToken = { authorization: `Bearer ${token}` };
    expect((await rawRequest(app.baseUrl, '/session/list', { headers: withToken })).status).toBe(
      200,
    );
    const health = JSON.parse(
      (await rawRequest(app.baseUrl, '/health', { headers: withToken })).text,
    );
    expect(health.ffmpeg).toBeDefined();
    expect(health.security).toEqual({
      token_required: true,
      signed_in: true,
      tls: false,
      warning: expect.stringContaining('clear text'),
    });
  });

  it('signs the dashboard in with an HttpOnly, SameSite=Strict cookie that the WebSocket accepts', async () => {
    const post = (body: unknown) =>
      rawRequest(app.baseUrl, '/auth/sign-in', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await post({ token: 'not-the-token-at-all' })).status).toBe(401);
    const signedIn = await post({ token });
    expect(signedIn.status).toBe(200);
    const setCookie = String(signedIn.headers['set-cookie']);
    expect(setCookie).toMatch(/^camrec_token=[^;]+; Path=\/; HttpOnly; SameSite=Strict$/);
    const cookie = setCookie.split(';')[0];

    expect((await rawRequest(app.baseUrl, '/session/list', { headers: { cookie } })).status).toBe(
      200,
    );
    const status = JSON.parse(
      (await rawRequest(app.baseUrl, '/auth/status', { headers: { cookie } })).text,
    );
    expect(status).toMatchObject({ token_required: true, signed_in: true });

    const url = `${app.wsUrl}/stream?session_id=${SESSION_ID}`;
    expect(await tryWebSocket(url)).toMatchObject({ refused: 401 });
    const ways: Array<Record<string, string>> = [{ cookie }, { authorization: `Bearer ${token}` }];
    for (const headers of ways) {
      const accepted = await tryWebSocket(url, { headers });
      if (!('socket' in accepted)) throw new Error(`refused: ${JSON.stringify(accepted)}`);
      expect((await closeOf(accepted.socket)).code).toBe(STREAM_CLOSE.SESSION_NOT_FOUND);
    }
  });
});
