/**
 * The hostile-input corpus: requests a careless script, a hostile web page or a hostile host on
 * the LAN could send. Generated, not hand-listed, so that every payload meets every route.
 * Pure data: the runner (corpus-runner.ts) sends it and judges the answers.
 */

import {
  type CorpusContext,
  type HttpCase,
  DEAD_CAMERA,
  JSON_TYPE,
  NIL_UUID,
} from './corpus-common';
import { cameraCases } from './camera-corpus';
import { sourceUrls } from './source-url-corpus';
import { timelineCases } from './timeline-corpus';

export { SECRET_MARK } from './corpus-common';
export type { CorpusContext, Expectation, HttpCase } from './corpus-common';

function openCases(): HttpCase[] {
  const cases: HttpCase[] = sourceUrls().map(({ name, url, expect }) => ({
    category: 'source URL',
    name,
    method: 'POST',
    path: '/session/open',
    headers: JSON_TYPE,
    body: JSON.stringify({ url }),
    expect,
  }));
  const open = (name: string, body: unknown): HttpCase => ({
    category: 'source URL',
    name,
    method: 'POST',
    path: '/session/open',
    headers: JSON_TYPE,
    body: JSON.stringify(body),
    expect: 'refused',
  });
  cases.push(
    open('no url', { name: 'x' }),
    open('name is a number', { url: `rtsp://${DEAD_CAMERA}/x`, name: 5 }),
    open('10 KB name', { url: `rtsp://${DEAD_CAMERA}/x`, name: 'n'.repeat(10_000) }),
    open('unknown option', { url: `rtsp://${DEAD_CAMERA}/x`, ffmpeg_args: ['-i', '/etc/passwd'] }),
  );
  return cases;
}

/** Names a traversal payload can aim at; the runner keeps canaries at the first two. */
const TRAVERSAL_TARGETS = [
  '../config.json',
  '../canary.txt',
  '../../../../../../../../etc/passwd',
  '/etc/passwd',
  'C:\\Windows\\win.ini',
  '..',
  '.',
  '...',
];

/** The same path written every way a server might decode it back into `../`. */
function encodings(target: string): Array<[string, string]> {
  const replaceSlashes = (text: string, by: string) => text.replace(/[/\\]/g, by);
  const replaceDots = (text: string, by: string) => text.replace(/\./g, by);
  return [
    ['raw', target],
    ['%2f', replaceSlashes(target, '%2f')],
    ['%2F', replaceSlashes(target, '%2F')],
    ['double %252f', replaceSlashes(target, '%252f')],
    ['backslash %5c', replaceSlashes(target, '%5c')],
    ['dots %2e', replaceDots(replaceSlashes(target, '%2f'), '%2e')],
    ['double dots %252e', replaceDots(replaceSlashes(target, '%252f'), '%252e')],
    ['overlong utf-8', replaceDots(replaceSlashes(target, '%c0%af'), '%c0%ae')],
    ['%u escapes', replaceDots(replaceSlashes(target, '%u2215'), '%u002e')],
    ['fullwidth', replaceDots(replaceSlashes(target, '%ef%bc%8f'), '%ef%bc%8e')],
    ['null byte', `${replaceSlashes(target, '%2f')}%00.mp4`],
    ['.mp4 suffix', `${replaceSlashes(target, '%2f')}.mp4`],
    ['doubled dots', replaceSlashes(target.replace(/\.\./g, '....'), '%2f')],
    ['semicolon', replaceSlashes(target.replace(/\.\./g, '..;'), '%2f')],
  ];
}

function traversalCases(): HttpCase[] {
  const cases: HttpCase[] = [];
  const routes: Array<[HttpCase['method'], (name: string) => string]> = [
    ['GET', (name) => `/videos/${name}`],
    ['HEAD', (name) => `/videos/${name}`],
    ['DELETE', (name) => `/videos/${name}`],
    ['GET', (name) => `/videos/${name}/thumbnail`],
    ['GET', (name) => `/videos/${name}?download=1`],
  ];
  for (const target of TRAVERSAL_TARGETS) {
    for (const [encoding, name] of encodings(target)) {
      for (const [method, path] of routes) {
        cases.push({
          category: 'path traversal',
          name: `${method} ${path('X')} with ${JSON.stringify(target)} (${encoding})`,
          method,
          path: path(name),
          headers: {},
          expect: 'refused',
        });
      }
    }
  }
  return cases;
}

/** The routes that take a body, each with a body it would accept from the app's own page. */
function bodyRoutes(
  ctx: CorpusContext,
): Array<['POST' | 'PATCH', string, Record<string, unknown>]> {
  const camera = { name: 'corpus body', url: `rtsp://${DEAD_CAMERA}/x`, verify: false, enabled: false }; // prettier-ignore
  return [
    ['POST', '/session/open', { url: `rtsp://${DEAD_CAMERA}/x` }],
    ['POST', '/session/close', { session_id: NIL_UUID }],
    ['POST', '/record/start', { session_id: NIL_UUID }],
    ['POST', '/record/stop', { session_id: ctx.sessionId }],
    ['POST', '/cameras', camera],
    ['PATCH', `/cameras/${ctx.cameraId}`, { name: 'corpus body' }],
  ];
}

function bodyCases(ctx: CorpusContext): HttpCase[] {
  const nestedArrays = '['.repeat(30_000) + ']'.repeat(30_000);
  const nestedObjects = '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000);
  const raw: Array<[string, string, Record<string, string>]> = [
    ['truncated JSON', '{', JSON_TYPE],
    ['truncated member', '{"session_id":', JSON_TYPE],
    ['bare word', 'nul', JSON_TYPE],
    ['NUL byte', '\u0000', JSON_TYPE],
    ['trailing comma', '{"session_id": "x",}', JSON_TYPE],
    ['JSON string', '"hello"', JSON_TYPE],
    ['JSON number', '42', JSON_TYPE],
    ['JSON array', '[1,2,3]', JSON_TYPE],
    ['JSON null', 'null', JSON_TYPE],
    ['empty body', '', JSON_TYPE],
    ['70 KB body', JSON.stringify({ pad: 'x'.repeat(70_000) }), JSON_TYPE],
    ['1 MB body', JSON.stringify({ pad: 'x'.repeat(1_000_000) }), JSON_TYPE],
    ['60 KB of nested arrays', nestedArrays, JSON_TYPE],
    ['50 KB of nested objects', nestedObjects, JSON_TYPE],
    ['__proto__ pollution', '{"__proto__":{"polluted":true},"session_id":1}', JSON_TYPE],
    ['constructor pollution', '{"constructor":{"prototype":{"polluted":true}}}', JSON_TYPE],
    ['no content type', '{"session_id":"x"}', {}],
    ['UTF-16 charset', '{"session_id":"x"}', { 'content-type': 'application/json; charset=utf-16' }],
    ['XML', '<session_id>x</session_id>', { 'content-type': 'application/xml' }],
  ]; // prettier-ignore
  const typed: Array<[string, Record<string, unknown>]> = [
    ['session_id is a number', { session_id: 1 }],
    ['session_id is an array', { session_id: [NIL_UUID] }],
    ['session_id is an object', { session_id: { $ne: null } }],
    ['session_id is null', { session_id: null }],
    ['session_id is not a UUID', { session_id: '../../etc/passwd' }],
    ['duration is text', { session_id: ctx.sessionId, duration: 'ten' }],
    ['duration is negative', { session_id: ctx.sessionId, duration: -5 }],
    ['duration is huge', { session_id: ctx.sessionId, duration: 1e12 }],
    ['duration is zero', { session_id: ctx.sessionId, duration: 0 }],
    ['an unknown key', { session_id: ctx.sessionId, evil: 1 }],
  ];
  const cases: HttpCase[] = [];
  for (const [method, path, valid] of bodyRoutes(ctx)) {
    const route = `${method} ${path.replace(ctx.cameraId, ':id')}`;
    for (const [name, body, headers] of raw) {
      cases.push({ category: 'request body', name: `${route}: ${name}`, method, path, headers, body, expect: 'refused' }); // prettier-ignore
    }
    for (const [name, body] of typed) {
      // /session/open and /cameras take no session_id: their typed cases are refused whole.
      cases.push({ category: 'request body', name: `${route}: ${name}`, method, path, headers: JSON_TYPE, body: JSON.stringify(body), expect: 'refused' }); // prettier-ignore
    }
    for (const type of [
      'application/x-www-form-urlencoded',
      'text/plain',
      'multipart/form-data; boundary=x',
    ]) {
      const body = type.startsWith('multipart')
        ? `--x\r\nContent-Disposition: form-data; name="json"\r\n\r\n${JSON.stringify(valid)}\r\n--x--\r\n`
        : type === 'text/plain'
          ? JSON.stringify(valid)
          : new URLSearchParams(valid as Record<string, string>).toString();
      cases.push({ category: 'cross-site post', name: `${route}: ${type} without Origin`, method, path, headers: { 'content-type': type }, body, expect: 'refused' }); // prettier-ignore
      cases.push({ category: 'cross-site post', name: `${route}: ${type} from http://evil.example`, method, path, headers: { 'content-type': type, origin: 'http://evil.example' }, body, expect: 'refused' }); // prettier-ignore
    }
  }
  return cases;
}

/** Every route, as a harmless request that would succeed from the app's own origin. */
function everyRoute(ctx: CorpusContext): Array<Omit<HttpCase, 'category' | 'name' | 'expect'>> {
  const post = (path: string, body: unknown) => ({ method: 'POST' as const, path, headers: JSON_TYPE, body: JSON.stringify(body) }); // prettier-ignore
  return [
    { method: 'GET', path: '/', headers: {} },
    { method: 'GET', path: '/health', headers: {} },
    { method: 'GET', path: '/session/list', headers: {} },
    { method: 'GET', path: '/videos', headers: {} },
    { method: 'GET', path: '/videos/missing.mp4', headers: {} },
    { method: 'HEAD', path: '/videos/missing.mp4', headers: {} },
    { method: 'DELETE', path: '/videos/missing.mp4', headers: {} },
    { method: 'GET', path: '/videos/missing.mp4/thumbnail', headers: {} },
    { method: 'GET', path: `/record/status/${ctx.sessionId}`, headers: {} },
    { method: 'GET', path: '/openapi.json', headers: {} },
    { method: 'GET', path: '/docs', headers: {} },
    post('/session/open', { url: `rtsp://${DEAD_CAMERA}/x` }),
    post('/session/close', { session_id: NIL_UUID }),
    post('/record/start', { session_id: NIL_UUID }),
    post('/record/stop', { session_id: NIL_UUID }),
    // The saved cameras' routes; the DELETE aims at the target camera, which must survive it.
    { method: 'GET', path: '/cameras', headers: {} },
    post('/cameras', { name: 'corpus foreign', url: `rtsp://${DEAD_CAMERA}/x`, verify: false }),
    { method: 'GET', path: `/cameras/${ctx.cameraId}`, headers: {} },
    { method: 'PATCH', path: `/cameras/${ctx.cameraId}`, headers: JSON_TYPE, body: '{"name":"corpus foreign"}' }, // prettier-ignore
    { method: 'DELETE', path: `/cameras/${ctx.cameraId}`, headers: {} },
    { method: 'GET', path: `/cameras/${ctx.cameraId}/segments`, headers: {} },
    { method: 'GET', path: `/cameras/${ctx.cameraId}/offline`, headers: {} },
  ];
}

function foreignHeaderCases(ctx: CorpusContext): HttpCase[] {
  const port = ctx.authority.split(':').pop();
  const hosts = [
    'evil.example',
    `evil.example:${port}`,
    `127.0.0.1.evil.example:${port}`,
    `localhost.evil.example:${port}`,
    `10.0.0.1:${port}`,
    `[2001:db8::1]:${port}`,
  ];
  const origins = [
    'http://evil.example',
    'null',
    `http://127.0.0.1.evil.example:${port}`,
    `http://localhost:${Number(port) + 1}`,
    `https://${ctx.authority}`,
  ];
  const cases: HttpCase[] = [];
  for (const route of everyRoute(ctx)) {
    for (const host of hosts) {
      cases.push({ ...route, headers: { ...route.headers, host }, category: 'foreign Host', name: `${route.method} ${route.path} with Host ${host}`, expect: 'refused' }); // prettier-ignore
    }
    for (const origin of origins) {
      cases.push({ ...route, headers: { ...route.headers, origin }, category: 'foreign Origin', name: `${route.method} ${route.path} with Origin ${origin}`, expect: 'refused' }); // prettier-ignore
    }
  }
  return cases;
}

export function buildHttpCorpus(ctx: CorpusContext): HttpCase[] {
  return [
    ...openCases(),
    ...traversalCases(),
    ...bodyCases(ctx),
    ...foreignHeaderCases(ctx),
    ...cameraCases(ctx),
    ...timelineCases(ctx),
  ];
}

/** WebSocket upgrades that must be refused (an HTTP 4xx, or a close with a 4xxx code). */
export function buildWsRefusals(
  ctx: CorpusContext,
): Array<{ name: string; path: string; headers: Record<string, string> }> {
  const stream = (query: string) => `/stream?${query}`;
  const good = `session_id=${ctx.sessionId}&format=jpeg`;
  return [
    { name: 'no session_id', path: stream('format=jpeg'), headers: {} },
    { name: 'unknown session', path: stream(`session_id=${NIL_UUID}&format=jpeg`), headers: {} },
    { name: 'traversal as session', path: stream('session_id=..%2F..%2Fetc%2Fpasswd&format=jpeg'), headers: {} },
    { name: 'unknown format', path: stream(`session_id=${ctx.sessionId}&format=evil`), headers: {} },
    { name: '8 KB query', path: stream(`session_id=${'a'.repeat(8000)}&format=jpeg`), headers: {} },
    { name: 'foreign Origin', path: stream(good), headers: { origin: 'http://evil.example' } },
    { name: 'Origin null', path: stream(good), headers: { origin: 'null' } },
    { name: 'foreign Host', path: stream(good), headers: { host: 'evil.example' } },
  ]; // prettier-ignore
}
