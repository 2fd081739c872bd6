import {
  countConnections,
  startMjpegCamera,
  startRtspCamera,
  type ConnectionCounter,
  type SimCamera,
} from '@camrec/testing/camera-sim';
import { ChildProcessRegistry, freePort } from '@camrec/process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProxyLayer } from './proxy-layer';
import type { EngineRoute } from './stream-engine';
import { writeStandinBinary, type StandinBinary } from './test-support/standin-binary';
import { probeRtsp, readHttpFor, readRtspFor } from './test-support/stream-readers';

/**
 * The proxy layer driving stand-ins of MediaMTX and go2rtc (the real binaries cannot be
 * downloaded here). The stand-ins validate every API request against the engines' OpenAPI
 * documents and re-publish media with GStreamer's RTSP server, so what is asserted here is
 * real: RTSP URLs ffprobe reads, connections the camera counts.
 */
describe('proxy layer with engine stand-ins', () => {
  let root: string;
  let mediamtx: StandinBinary;
  let go2rtc: StandinBinary;
  let registry: ChildProcessRegistry;
  let layer: ProxyLayer | null;
  let camera: SimCamera | null;
  let counter: ConnectionCounter | null;
  const logs: string[] = [];

  const createLayer = async (mode: 'proxy' | 'auto' = 'proxy') =>
    new ProxyLayer({
      mode,
      autoDownload: false,
      registry,
      log: (level, message) => logs.push(`${level} ${message}`),
      restartInitialDelayMs: 200,
      engines: {
        mediamtx: {
          configuredPath: mediamtx.path,
          searchPath: '',
          binariesDir: join(root, 'bin'),
          rtspPort: await freePort(),
        },
        go2rtc: {
          configuredPath: go2rtc.path,
          searchPath: '',
          binariesDir: join(root, 'bin'),
          rtspPort: await freePort(),
        },
      },
    });

  const listening = (port: number) =>
    new Promise<boolean>((resolve) => {
      const socket = createConnection(port, '127.0.0.1');
      socket.on('connect', () => resolve(socket.destroy() !== undefined));
      socket.on('error', () => resolve(false));
    });

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'camrec-standin-'));
    mediamtx = writeStandinBinary(join(root, 'standin'), 'mediamtx');
    go2rtc = writeStandinBinary(join(root, 'standin'), 'go2rtc');
    registry = new ChildProcessRegistry();
    layer = null;
    camera = null;
    counter = null;
    logs.length = 0;
  });

  afterEach(async () => {
    await layer?.stop();
    await counter?.close();
    await camera?.stop();
    expect(registry.size).toBe(0);
    expect(mediamtx.violations()).toEqual([]);
    expect(go2rtc.violations()).toEqual([]);
  });
  // A hook of its own, so that it runs also when the checks above (reading files there) fail.
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('re-publishes an RTSP camera at local_rtsp_url: two readers (one through a relay), one camera connection, path removed on release', async () => {
    camera = await startRtspCamera();
    counter = await countConnections(camera.port);
    layer = await createLayer();
    const source = `rtsp://127.0.0.1:${counter.port}/stream`;

    const route = await layer.route('a1', source, 'rtsp');
    expect(route.proxy).toBe('mediamtx');
    expect(route.localRtspUrl).toMatch(/^rtsp:\/\/127\.0\.0\.1:\d+\/sess-a1$/);
    expect(route.ingestUrl).toBe(route.localRtspUrl);
    expect(layer.health().engines[0]).toMatchObject({ name: 'mediamtx', state: 'running' });

    const url = route.localRtspUrl as string;
    // A reader through a TCP front names another port than the engine's: the path alone counts.
    const relay = await countConnections(Number(new URL(url).port));
    const relayed = url.replace(`:${new URL(url).port}/`, `:${relay.port}/`);
    const [frames, probed] = await Promise.all([readRtspFor(relayed, 4), probeRtsp(url)]).finally(
      () => relay.close(),
    );
    expect(probed).toEqual({ codec: 'h264', width: 640, height: 360 });
    expect(frames).toBeGreaterThan(25);
    expect(counter.total()).toBe(1);

    await layer.release('a1');
    await expect(probeRtsp(url, 3)).rejects.toThrow(/404|Not Found|Server returned/i);
  });

  it('restarts an engine that dies and serves its paths again; stop leaves nothing running', async () => {
    camera = await startRtspCamera();
    layer = await createLayer();
    const route = await layer.route('b1', camera.url, 'rtsp');
    const url = route.localRtspUrl as string;
    const rtspPort = Number(new URL(url).port);
    const firstPid = layer.health().engines[0].pid as number;
    expect(firstPid).toBeGreaterThan(0);

    process.kill(firstPid, 'SIGKILL');
    const deadline = Date.now() + 20_000;
    let health = layer.health().engines[0];
    while (!(health.state === 'running' && health.pid !== firstPid) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      health = layer.health().engines[0];
    }
    expect(health).toMatchObject({ state: 'running' });
    expect(health.pid).not.toBe(firstPid);
    expect(logs.some((line) => /^warn mediamtx exited with SIGKILL; restarting/.test(line))).toBe(
      true,
    );
    // The restarted engine was told the session's path again before it counted as running
    // (engine-supervisor.spec.ts); the path serves once its source has connected.
    const served = () =>
      probeRtsp(url, 2).then(
        () => true,
        () => false,
      );
    const servedBy = Date.now() + 10_000;
    while (!(await served()) && Date.now() < servedBy)
      await new Promise((resolve) => setTimeout(resolve, 200));
    await expect(probeRtsp(url)).resolves.toMatchObject({ codec: 'h264' });

    const lastPid = health.pid as number;
    await layer.stop();
    layer = null;
    expect(() => process.kill(lastPid, 0)).toThrow();
    // The RTSP re-publisher, the stand-in's own child, is gone with it.
    expect(await listening(rtspPort)).toBe(false);
  });

  it('sends the sessions of an engine that dies and cannot restart to their cameras directly', async () => {
    camera = await startRtspCamera();
    layer = await createLayer();
    const fallbacks: [string, EngineRoute][] = [];
    layer.onFallback((sessionId, route) => fallbacks.push([sessionId, route]));
    await layer.route('f1', camera.url, 'rtsp');
    const pid = layer.health().engines[0].pid as number;

    writeFileSync(mediamtx.path, '#!/bin/sh\necho "ERR cannot start" >&2\nexit 1\n');
    process.kill(pid, 'SIGKILL');
    const deadline = Date.now() + 20_000;
    while (fallbacks.length === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(fallbacks).toEqual([
      [
        'f1',
        {
          proxy: 'direct',
          ingestUrl: camera.url,
          localRtspUrl: null,
          reason: expect.stringMatching(
            /^mediamtx restart failed: mediamtx exited with code 1: ERR cannot start; reading the camera directly$/,
          ),
        },
      ],
    ]);
    expect(layer.health().engines[0]).toMatchObject({
      state: 'failed',
      effective_mode: 'direct',
      reason: 'mediamtx exited with code 1: ERR cannot start',
    });
  });

  it('re-publishes an MJPEG camera through go2rtc: ingest and RTSP readers share one camera connection', async () => {
    camera = await startMjpegCamera();
    counter = await countConnections(camera.port);
    layer = await createLayer();
    const source = camera.url.replace(`:${camera.port}/`, `:${counter.port}/`);

    const route = await layer.route('c1', source, 'mjpeg');
    expect(route.proxy).toBe('go2rtc');
    expect(route.localRtspUrl).toMatch(/^rtsp:\/\/127\.0\.0\.1:\d+\/sess-c1$/);
    expect(route.ingestUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/stream\.mjpeg\?src=sess-c1$/);

    const [bytes, probed] = await Promise.all([
      readHttpFor(route.ingestUrl, 4000),
      probeRtsp(route.localRtspUrl as string),
    ]);
    expect(bytes).toBeGreaterThan(10_000);
    expect(probed).toEqual({ codec: 'mjpeg', width: 640, height: 360 });
    expect(counter.total()).toBe(1);

    await layer.release('c1');
    await expect(probeRtsp(route.localRtspUrl as string, 3)).rejects.toThrow();
  });

  it('auto falls back to direct, saying why, when an engine will not start; proxy mode refuses', async () => {
    mediamtx = { path: '/bin/false', violations: () => [] };
    layer = await createLayer('auto');
    const route = await layer.route('d1', 'rtsp://127.0.0.1:1/x', 'rtsp');
    expect(route).toEqual({
      proxy: 'direct',
      ingestUrl: 'rtsp://127.0.0.1:1/x',
      localRtspUrl: null,
      reason: expect.stringMatching(/^mediamtx exited with code 1/),
    });
    expect(layer.health().engines[0]).toMatchObject({ state: 'failed', effective_mode: 'direct' });
    await layer.stop();

    layer = await createLayer('proxy');
    await expect(layer.route('d2', 'rtsp://127.0.0.1:1/x', 'rtsp')).rejects.toThrow(
      /^proxy_mode is "proxy" but mediamtx exited with code 1/,
    );
  });
});
