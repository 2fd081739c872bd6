/**
 * Stand-in for the MediaMTX and go2rtc binaries, which cannot be downloaded here. Started
 * like the real binary (`mediamtx <config>` / `go2rtc -config <config>`) through a wrapper
 * script (see standin-binary.ts). It reads the generated config the way the engine would
 * (MediaMTX: unknown keys are fatal), serves the control API on the configured address and
 * checks EVERY request against the engine's published OpenAPI document: a request that does
 * not match gets 400 and is appended to the violations file, which the tests assert empty.
 * Media flows through GStreamer's RTSP server (rtsp_republisher.py) on the configured RTSP
 * port, serving the paths the API was told to add.
 */
import { spawn } from 'node:child_process';
import { appendFileSync, readFileSync } from 'node:fs';
import { createServer, get, IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { load } from 'js-yaml';
import { defaultMediamtxConfig, EngineContract, EngineKind } from './engine-contracts';
import { unknownConfigKeys } from './config-keys';

const engine = process.argv[2] as EngineKind;
const configFile = engine === 'mediamtx' ? process.argv[3] : process.argv[4];
const violationsFile = process.env['CAMREC_STANDIN_VIOLATIONS'] ?? '';
const config = load(readFileSync(configFile, 'utf8')) as Record<string, unknown>;

function fail(message: string): never {
  process.stderr.write(`ERR ${message}\n`);
  process.exit(1);
}

function address(value: unknown): { host: string; port: number } {
  const match = /^(.*):(\d+)$/.exec(String(value));
  if (!match) fail(`not an address: ${String(value)}`);
  return { host: match[1], port: Number(match[2]) };
}

if (engine === 'mediamtx') {
  const unknown = unknownConfigKeys(config, defaultMediamtxConfig());
  if (unknown.length > 0) fail(`json: unknown field "${unknown[0]}"`);
}
const api =
  engine === 'mediamtx'
    ? address(config['apiAddress'])
    : address((config['api'] as { listen: string }).listen);
const rtsp =
  engine === 'mediamtx'
    ? address(config['rtspAddress'])
    : address((config['rtsp'] as { listen: string }).listen);

const republisher = spawn(
  '/usr/bin/python3',
  [join(__dirname, 'rtsp_republisher.py'), '--host', rtsp.host, '--port', String(rtsp.port)],
  {
    stdio: ['pipe', 'pipe', 'inherit'],
  },
);
republisher.on('exit', () => process.exit(1));
/** Paths (MediaMTX) or streams (go2rtc) by name, with their source. */
const served = new Map<string, string>();
const acknowledged: ((line: string) => void)[] = [];
/** Whether each eagerly connected path got its source's media. */
const ready = new Map<string, boolean>();
createInterface({ input: republisher.stdout }).on('line', (line) => {
  if (line.startsWith('OK ')) acknowledged.shift()?.(line);
  const source = /^SOURCE (\S+) (ready|failed)$/.exec(line);
  if (source && served.has(source[1])) ready.set(source[1], source[2] === 'ready');
});
function command(line: string): Promise<void> {
  return new Promise((resolve) => {
    acknowledged.push(() => resolve());
    republisher.stdin.write(`${line}\n`);
  });
}
const ended = () => {
  republisher.kill('SIGTERM');
  process.exit(0);
};
process.on('SIGTERM', ended);
process.on('SIGINT', ended);

function reply(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

async function readBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

async function handleMediamtx(
  method: string,
  path: string,
  body: unknown,
  response: ServerResponse,
) {
  const name = decodeURIComponent(path.split('/').pop() ?? '');
  if (method === 'GET' && path === '/v3/info')
    return reply(response, 200, { version: 'standin', started: new Date().toISOString() });
  if (method === 'POST' && path.startsWith('/v3/config/paths/add/')) {
    if (served.has(name))
      return reply(response, 400, { status: 'error', error: 'path already exists' });
    const source = (body as { source: string }).source;
    served.set(name, source);
    await command(`add ${name} eager ${source}`);
    return reply(response, 200, { status: 'ok' });
  }
  if (method === 'DELETE' && path.startsWith('/v3/config/paths/delete/')) {
    if (!served.delete(name))
      return reply(response, 404, { status: 'error', error: 'path not found' });
    ready.delete(name);
    await command(`remove ${name}`);
    return reply(response, 200, { status: 'ok' });
  }
  if (method === 'GET' && path.startsWith('/v3/paths/get/')) {
    if (!served.has(name))
      return reply(response, 404, { status: 'error', error: 'path not found' });
    const isReady = ready.get(name) === true;
    return reply(response, 200, {
      name,
      confName: name,
      ready: isReady,
      available: isReady,
      online: isReady,
      readers: [],
    });
  }
  return reply(response, 404, { status: 'error', error: 'not implemented by the stand-in' });
}

async function handleGo2rtc(method: string, url: URL, response: ServerResponse) {
  const path = url.pathname;
  if (method === 'GET' && path === '/api')
    return reply(response, 200, {
      version: 'standin',
      rtsp: { listen: `${rtsp.host}:${rtsp.port}` },
    });
  if (method === 'GET' && path === '/api/streams') {
    return reply(
      response,
      200,
      Object.fromEntries(
        [...served.keys()].map((name) => [name, { producers: [], consumers: [] }]),
      ),
    );
  }
  if (method === 'PUT' && path === '/api/streams') {
    const name = url.searchParams.get('name') ?? '';
    const source = url.searchParams.get('src') ?? '';
    served.set(name, source);
    // RTSP readers share the stand-in's own MJPEG output, as go2rtc shares one producer.
    await command(
      `add ${name} lazy http://${api.host}:${api.port}/api/stream.mjpeg?src=${encodeURIComponent(name)}`,
    );
    return reply(response, 200, {});
  }
  if (method === 'DELETE' && path === '/api/streams') {
    // go2rtc drops the stream named by `name` and its config entry named by `src`.
    const name = url.searchParams.get('name') ?? '';
    if (name !== url.searchParams.get('src'))
      return reply(response, 400, { error: 'name and src differ' });
    served.delete(name);
    await command(`remove ${name}`);
    return reply(response, 200, {});
  }
  if (method === 'GET' && path === '/api/stream.mjpeg') {
    const source = served.get(url.searchParams.get('src') ?? '');
    if (!source) return reply(response, 404, { error: 'stream not found' });
    return relayMjpeg(source, response);
  }
  return reply(response, 404, { error: 'not implemented by the stand-in' });
}

/** One camera connection per stream, shared by every reader of its MJPEG output. */
const upstreams = new Map<string, Set<ServerResponse>>();
const SOI = Buffer.from([0xff, 0xd8]);
const EOI = Buffer.from([0xff, 0xd9]);

function relayMjpeg(source: string, response: ServerResponse): void {
  response.writeHead(200, { 'content-type': 'multipart/x-mixed-replace; boundary=frame' });
  const readers = upstreams.get(source) ?? openUpstream(source);
  readers.add(response);
  response.on('close', () => readers.delete(response));
}

function openUpstream(source: string): Set<ServerResponse> {
  const readers = new Set<ServerResponse>();
  upstreams.set(source, readers);
  const camera = get(source, (upstream) => {
    let pending = Buffer.alloc(0);
    upstream.on('data', (chunk: Buffer) => {
      if (readers.size === 0) {
        upstreams.delete(source);
        camera.destroy();
        return;
      }
      pending = Buffer.concat([pending, chunk]);
      for (;;) {
        const start = pending.indexOf(SOI);
        const end = start < 0 ? -1 : pending.indexOf(EOI, start + 2);
        if (end < 0) break;
        const jpeg = pending.subarray(start, end + 2);
        pending = pending.subarray(end + 2);
        const head = `--frame\r\nContent-Type: image/jpeg\r\nContent-Length: ${jpeg.length}\r\n\r\n`;
        const part = Buffer.concat([Buffer.from(head), jpeg, Buffer.from('\r\n')]);
        for (const reader of readers) reader.write(part);
      }
    });
    upstream.on('end', () => readers.forEach((reader) => reader.end()));
  });
  camera.on('error', () => {
    upstreams.delete(source);
    readers.forEach((reader) => reader.destroy());
  });
  return readers;
}

void EngineContract.load(engine).then((contract) => {
  const server = createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', `http://${api.host}`);
      const body = await readBody(request);
      const violations = contract.violations({
        method: request.method ?? 'GET',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: request.headers as Record<string, string>,
        body,
      });
      if (violations.length > 0) {
        if (violationsFile) appendFileSync(violationsFile, `${violations.join('\n')}\n`);
        return reply(response, 400, { status: 'error', error: violations.join('; ') });
      }
      if (engine === 'mediamtx')
        return handleMediamtx(request.method ?? 'GET', url.pathname, body, response);
      return handleGo2rtc(request.method ?? 'GET', url, response);
    })();
  });
  server.listen(api.port, api.host, () =>
    process.stdout.write(`INF stand-in ${engine} API listening on ${api.host}:${api.port}\n`),
  );
});
