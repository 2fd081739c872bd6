import {
  countConnections,
  startMjpegCamera,
  startRtspCamera,
  type ConnectionCounter,
  type SimCamera,
} from '@camrec/testing/camera-sim';
import { probeRtsp, writeStandinBinary, type StandinBinary } from '@camrec/proxy/testing';
import { freePort, isPidAlive } from '@camrec/process';
import type { HealthResponse, SessionInfo, SessionListResponse } from '@camrec/shared-types';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestApp, TestApp } from '../../test-support/test-app';

/**
 * Sessions through the proxy engines, with stand-ins for the MediaMTX and go2rtc binaries
 * (they validate every API request against the engines' OpenAPI documents and re-publish
 * media with GStreamer's RTSP server).
 */
describe('sessions through the proxy engines (booted app, engine stand-ins)', () => {
  let root: string;
  let mediamtx: StandinBinary;
  let go2rtc: StandinBinary;
  let app: TestApp | null = null;
  let camera: SimCamera | null = null;
  let counter: ConnectionCounter | null = null;

  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${app?.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: await response.json() };
  };
  const health = async (): Promise<HealthResponse> =>
    (await fetch(`${app?.baseUrl}/health`)).json();
  /** The first (only) session in /session/list. */
  const listed = async () =>
    ((await (await fetch(`${app?.baseUrl}/session/list`)).json()) as SessionListResponse)
      .sessions[0];

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'camrec-proxy-e2e-'));
    mediamtx = writeStandinBinary(join(root, 'standin'), 'mediamtx');
    go2rtc = writeStandinBinary(join(root, 'standin'), 'go2rtc');
  });

  afterEach(async () => {
    await app?.close();
    app = null;
    await counter?.close();
    counter = null;
    await camera?.stop();
    camera = null;
    expect(mediamtx.violations()).toEqual([]);
    expect(go2rtc.violations()).toEqual([]);
  });
  // A hook of its own, so that it runs also when the checks above (reading files there) fail.
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const startApp = async (mode: 'proxy' | 'auto', settings: Record<string, unknown> = {}) => {
    app = await startTestApp({
      proxy_mode: mode,
      mediamtx_path: mediamtx.path,
      go2rtc_path: go2rtc.path,
      mediamtx_port: await freePort(),
      go2rtc_port: await freePort(),
      ...settings,
    });
    return app;
  };

  it('an RTSP session serves local_rtsp_url: ffprobe reads it, the camera sees one connection, close removes the path', async () => {
    camera = await startRtspCamera();
    counter = await countConnections(camera.port);
    await startApp('proxy');
    const opened = await post('/session/open', { url: `rtsp://127.0.0.1:${counter.port}/stream` });
    expect(opened.status).toBe(201);
    const session = opened.body as SessionInfo;
    expect(session.proxy).toBe('mediamtx');
    expect(session.local_rtsp_url).toBe(
      `rtsp://127.0.0.1:${app?.config.mediamtx_port}/sess-${session.session_id}`,
    );
    // The session's ingest reads the engine: a second reader costs the camera nothing.
    await expect(probeRtsp(session.local_rtsp_url as string)).resolves.toEqual({
      codec: 'h264',
      width: 640,
      height: 360,
    });
    expect(counter.total()).toBe(1);

    expect(await listed()).toMatchObject({
      state: 'active',
      proxy: 'mediamtx',
      local_rtsp_url: session.local_rtsp_url,
    });
    const engines = (await health()).proxy.engines;
    expect(engines[0]).toMatchObject({
      name: 'mediamtx',
      state: 'running',
      effective_mode: 'proxy',
    });
    const enginePid = engines[0].pid as number;

    expect((await post('/session/close', { session_id: session.session_id })).status).toBe(200);
    await expect(probeRtsp(session.local_rtsp_url as string, 3)).rejects.toThrow();

    await app?.close();
    expect(isPidAlive(enginePid)).toBe(false);
  });

  it('an engine that dies is restarted and its session reconnects through it', async () => {
    camera = await startRtspCamera();
    await startApp('proxy');
    const opened = await post('/session/open', { url: camera.url });
    expect(opened.body).toMatchObject({ proxy: 'mediamtx' });
    const firstPid = (await health()).proxy.engines[0].pid as number;

    process.kill(firstPid, 'SIGKILL');
    const deadline = Date.now() + 30_000;
    let item = await listed();
    while (!(item.stats.reconnects > 0 && item.state === 'active') && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      item = await listed();
    }
    expect(item).toMatchObject({
      state: 'active',
      proxy: 'mediamtx',
      local_rtsp_url: (opened.body as SessionInfo).local_rtsp_url,
    });
    expect(item.stats.reconnects).toBeGreaterThan(0);
    const engine = (await health()).proxy.engines[0];
    expect(engine).toMatchObject({ state: 'running', effective_mode: 'proxy' });
    expect(engine.pid).not.toBe(firstPid);
    await expect(probeRtsp(item.local_rtsp_url as string)).resolves.toMatchObject({
      codec: 'h264',
    });
  });

  it('the camera password reaches the engine through its API only: no command line, log or answer holds it', async () => {
    const password = 'Pw-proxy-9f3k2';
    camera = await startRtspCamera({ auth: { type: 'basic', user: 'admin', password } });
    await startApp('proxy');
    const opened = await post('/session/open', { url: camera.urlWithCredentials });
    expect(opened.status).toBe(201);
    expect(opened.body).toMatchObject({ proxy: 'mediamtx' });

    // No process shows it, not even the simulated camera (it takes its password from its
    // environment); the scan covers the engine stand-in, so it is not vacuous.
    const processes = spawnSync('ps', ['-e', '-o', 'pid=,args='], { encoding: 'utf8' }).stdout;
    expect(processes).toContain('engine-standin.ts');
    expect(processes.split('\n').filter((line) => line.includes(password))).toEqual([]);
    expect(app?.logs.join('\n')).not.toContain(password);
    const answers = await Promise.all(
      ['/session/list', '/health'].map(async (path) =>
        (await fetch(`${app?.baseUrl}${path}`)).text(),
      ),
    );
    expect(answers.join('\n')).not.toContain(password);
    expect(JSON.stringify(opened.body)).not.toContain(password);
  });

  it('a session whose engine fails for good goes on reading the camera directly, and says so', async () => {
    camera = await startRtspCamera();
    await startApp('proxy');
    const opened = await post('/session/open', { url: camera.url });
    expect(opened.body).toMatchObject({ proxy: 'mediamtx' });
    const enginePid = (await health()).proxy.engines[0].pid as number;

    writeFileSync(mediamtx.path, '#!/bin/sh\necho "ERR cannot start" >&2\nexit 1\n');
    process.kill(enginePid, 'SIGKILL');
    const deadline = Date.now() + 30_000;
    let item = await listed();
    while (!(item.proxy === 'direct' && item.state === 'active') && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      item = await listed();
    }
    expect(item).toMatchObject({
      state: 'active',
      proxy: 'direct',
      local_rtsp_url: null,
      proxy_reason: expect.stringMatching(
        /^mediamtx restart failed: mediamtx exited with code 1: ERR cannot start; reading the camera directly$/,
      ),
    });
    const framesBefore = item.stats.frames_in;
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect((await listed()).stats.frames_in).toBeGreaterThan(framesBefore + 10);
  });

  it('an MJPEG session goes through go2rtc', async () => {
    camera = await startMjpegCamera();
    counter = await countConnections(camera.port);
    await startApp('proxy');
    const url = camera.url.replace(`:${camera.port}/`, `:${counter.port}/`);
    const opened = await post('/session/open', { url });
    expect(opened.status).toBe(201);
    const session = opened.body as SessionInfo;
    expect(session.proxy).toBe('go2rtc');
    expect(session.source_type).toBe('mjpeg');
    await expect(probeRtsp(session.local_rtsp_url as string)).resolves.toMatchObject({
      codec: 'mjpeg',
    });
    expect(counter.total()).toBe(1);
  });

  it('proxy mode without an engine answers 503 naming why; auto runs direct and says why', async () => {
    camera = await startRtspCamera();
    mediamtx = { path: join(root, 'missing', 'mediamtx'), violations: () => [] };
    await startApp('proxy');
    const refused = await post('/session/open', { url: camera.url });
    expect(refused).toEqual({
      status: 503,
      body: {
        statusCode: 503,
        error: 'Service Unavailable',
        message: `proxy_mode is "proxy" but mediamtx: mediamtx_path "${mediamtx.path}" is not an executable file and auto_download is off`,
      },
    });
    await app?.close();

    await startApp('auto');
    const opened = await post('/session/open', { url: camera.url });
    expect(opened.status).toBe(201);
    expect(opened.body).toMatchObject({
      proxy: 'direct',
      local_rtsp_url: null,
      proxy_reason: `mediamtx: mediamtx_path "${mediamtx.path}" is not an executable file and auto_download is off`,
    });
    expect((await health()).proxy).toMatchObject({ mode: 'auto', effective_mode: 'mixed' });
  });
});
