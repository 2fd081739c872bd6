import { randomUUID } from 'node:crypto';
import type { OpenAPIObject } from '@nestjs/swagger';
import { SimCamera, startMjpegCamera } from '@camrec/testing/camera-sim';
import { sleep, waitFor } from '@camrec/testing';
import { serverMediaPids, startTestApp, TestApp } from '../../test-support/test-app';
import {
  AnswerChecker,
  isApiRoute,
  operationOf,
  operationProblems,
  recordRoutes,
  RegisteredRoute,
  toDocumentPath,
} from './document-checks';

/** Bodies every JSON-body route must refuse with a documented 4xx. */
const BAD_BODIES: Array<{ what: string; contentType: string; body: string }> = [
  { what: 'not JSON', contentType: 'application/xml', body: '<session/>' },
  { what: 'broken JSON', contentType: 'application/json', body: '{"session_id":' },
  { what: 'an empty object', contentType: 'application/json', body: '{}' },
  {
    what: 'a body over the limit',
    contentType: 'application/json',
    body: JSON.stringify({ url: 'x'.repeat(70 * 1024) }),
  },
];

describe('the OpenAPI document against the routes and answers of the booted app', () => {
  let app: TestApp;
  let camera: SimCamera;
  let routes: RegisteredRoute[] = [];
  let document: OpenAPIObject;
  let checker: AnswerChecker;
  const problems: string[] = [];

  /** Sends a request and records what in its answer the document does not say. */
  async function call(method: string, url: string, path: string, init: RequestInit = {}) {
    const response = await fetch(`${app.baseUrl}${path}`, { method, ...init });
    const copy = response.clone();
    problems.push(...(await checker.problems(method, url, copy)));
    return response;
  }
  const json = (body: unknown): RequestInit => ({
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

  beforeAll(async () => {
    camera = await startMjpegCamera();
    app = await startTestApp({}, (nest) => {
      routes = recordRoutes(nest);
    });
    document = await (await fetch(`${app.baseUrl}/openapi.json`)).json();
    checker = new AnswerChecker(document);
  });

  afterAll(async () => {
    await app?.close();
    await camera?.stop();
    expect(serverMediaPids()).toEqual([]);
  });

  beforeEach(() => problems.splice(0));

  /** Fastify adds a HEAD to each GET; the GET's entry covers it unless HEAD has its own. */
  const isImplicitHead = (route: RegisteredRoute) =>
    route.method === 'HEAD' &&
    !operationOf(document, 'HEAD', route.url) &&
    routes.some((other) => other.method === 'GET' && other.url === route.url);

  it('lists every API route Fastify serves, and no route it does not serve', () => {
    const apiRoutes = routes.filter(isApiRoute);
    expect(apiRoutes).toContainEqual({ method: 'POST', url: '/session/open' });
    const undocumented = apiRoutes
      .filter((route) => !isImplicitHead(route) && !operationOf(document, route.method, route.url))
      .map((route) => `${route.method} ${route.url}`);
    expect(undocumented).toEqual([]);

    const served = new Set(
      apiRoutes.map((route) => `${route.method} ${toDocumentPath(route.url)}`),
    );
    const stale = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.keys(item)
        .filter((key) => ['get', 'head', 'post', 'put', 'patch', 'delete'].includes(key))
        .map((method) => `${method.toUpperCase()} ${path}`)
        .filter((operation) => !served.has(operation)),
    );
    expect(stale).toEqual([]);
  });

  it('gives every operation a success, errors as ApiError, and a schema or binary type for each body', () => {
    const found = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item as Record<string, Parameters<typeof operationProblems>[1]>)
        .filter(([key]) => ['get', 'head', 'post', 'put', 'patch', 'delete'].includes(key))
        .flatMap(([method, operation]) =>
          operationProblems(method.toUpperCase(), operation).map(
            (problem) => `${method.toUpperCase()} ${path}: ${problem}`,
          ),
        ),
    );
    expect(found).toEqual([]);
  });

  it('documents the status and shape of every answer to a malformed request, on every route', async () => {
    const probed = routes.filter((route) => isApiRoute(route) && !isImplicitHead(route));
    for (const route of probed) {
      // A parameter no route accepts: not a UUID, not a video name.
      const path = route.url.replace(/:[A-Za-z0-9_]+/g, 'not-valid');
      if (['POST', 'PUT', 'PATCH'].includes(route.method)) {
        for (const bad of BAD_BODIES) {
          const response = await call(route.method, route.url, path, {
            headers: { 'content-type': bad.contentType },
            body: bad.body,
          });
          if (response.status < 400 || response.status >= 500) {
            problems.push(`${route.method} ${route.url} with ${bad.what} → ${response.status}`);
          }
        }
      } else {
        const response = await call(route.method, route.url, path);
        if (path !== route.url && (response.status < 400 || response.status >= 500)) {
          problems.push(`${route.method} ${path} → ${response.status}`);
        }
      }
    }
    expect(probed.length).toBeGreaterThan(10);
    expect(problems).toEqual([]);
  });

  it('matches what a session that detects motion and records a clip is answered, status by status', async () => {
    const opened = await call('POST', '/session/open', '/session/open', json({ url: camera.url }));
    expect(opened.status).toBe(201);
    const { session_id } = await opened.json();
    expect(
      (await call('POST', '/session/open', '/session/open', json({ url: camera.url }))).status,
    ).toBe(200);
    await call('GET', '/session/list', '/session/list');
    await call('GET', '/health', '/health');

    const motion = `/session/${session_id}/motion`;
    expect((await call('GET', '/session/:id/motion/mask', `${motion}/mask`)).status).toBe(409);
    const settings = {
      enabled: true,
      zones_excluded: [
        [
          [0, 0],
          [1, 0],
          [1, 0.1],
        ],
      ],
    };
    expect((await call('PUT', '/session/:id/motion', motion, json(settings))).status).toBe(200);
    const current = await call('GET', '/session/:id/motion', motion);
    expect(current.status).toBe(200);
    if ((await current.json()).availability.available) {
      // 409 until the first frame is analysed (each answer is checked against the document).
      await waitFor('a motion mask', async () =>
        (await call('GET', '/session/:id/motion/mask', `${motion}/mask`)).status === 200
          ? true
          : undefined,
      );
    } else {
      // Without the optional OpenCV binding nothing is analysed: the mask stays a 409.
      expect((await call('GET', '/session/:id/motion/mask', `${motion}/mask`)).status).toBe(409);
    }
    await call('GET', '/session/list', '/session/list');
    await call('GET', '/events', `/events?session_id=${session_id}`);
    expect((await call('DELETE', '/events/:id', `/events/${randomUUID()}`)).status).toBe(404);
    await call('GET', '/record/status/:session_id', `/record/status/${session_id}`);
    await call('GET', '/record/status/:session_id', `/record/status/${randomUUID()}`);
    await call('POST', '/record/stop', '/record/stop', json({ session_id }));
    await call('POST', '/record/start', '/record/start', json({ session_id, duration: 0 }));

    const started = await call('POST', '/record/start', '/record/start', json({ session_id }));
    expect(started.status).toBe(201);
    await call('POST', '/record/start', '/record/start', json({ session_id }));
    await sleep(2500);
    await call('GET', '/record/status/:session_id', `/record/status/${session_id}`);
    const stopped = await call('POST', '/record/stop', '/record/stop', json({ session_id }));
    expect(stopped.status).toBe(200);
    const { filename } = await stopped.json();

    await call('GET', '/videos', '/videos');
    const file = `/videos/${filename}`;
    expect((await call('PATCH', '/videos/:filename', file, json({ keep: true }))).status).toBe(200);
    expect((await call('PATCH', '/videos/:filename', file, json({ keep: false }))).status).toBe(
      200,
    );
    expect((await call('GET', '/videos/:filename', file)).status).toBe(200);
    const range = { headers: { range: 'bytes=0-99' } };
    expect((await call('GET', '/videos/:filename', file, range)).status).toBe(206);
    expect((await call('HEAD', '/videos/:filename', file, range)).status).toBe(206);
    const beyond = { headers: { range: 'bytes=999999999-' } };
    expect((await call('GET', '/videos/:filename', file, beyond)).status).toBe(416);
    await call('HEAD', '/videos/:filename', file);
    const thumbnail = `${file}/thumbnail`;
    await waitFor('the thumbnail', async () =>
      (await fetch(`${app.baseUrl}${thumbnail}`, { method: 'HEAD' })).ok ? true : undefined,
    );
    expect((await call('GET', '/videos/:filename/thumbnail', thumbnail)).status).toBe(200);
    await call('HEAD', '/videos/:filename/thumbnail', thumbnail);
    expect((await call('DELETE', '/videos/:filename', file)).status).toBe(204);
    expect((await call('GET', '/videos/:filename', file)).status).toBe(404);
    expect((await call('DELETE', '/videos/:filename', file)).status).toBe(404);

    expect(
      (await call('POST', '/session/close', '/session/close', json({ session_id }))).status,
    ).toBe(200);
    expect(
      (await call('POST', '/session/close', '/session/close', json({ session_id }))).status,
    ).toBe(404);
    expect(problems).toEqual([]);
  });
});
