import {
  countConnections,
  startMjpegCamera,
  startRtspCamera,
  type ConnectionCounter,
  type SimCamera,
} from '@camrec/testing/camera-sim';
import { probeRtsp } from '@camrec/proxy/testing';
import { freePort, isPidAlive } from '@camrec/process';
import type { SessionInfo } from '@camrec/shared-types';
import { startTestApp, TestApp } from '../../test-support/test-app';

/**
 * Sessions through the REAL engines: run whenever MEDIAMTX_PATH / GO2RTC_PATH point at the
 * binaries (see README, "Proxy engines"); reported as skipped otherwise.
 */
const MEDIAMTX_PATH = process.env['MEDIAMTX_PATH'];
const GO2RTC_PATH = process.env['GO2RTC_PATH'];
const describeWithMediamtx = MEDIAMTX_PATH ? describe : describe.skip;
const describeWithGo2rtc = GO2RTC_PATH ? describe : describe.skip;

async function openThroughEngine(
  engine: 'mediamtx' | 'go2rtc',
  binary: string,
  camera: SimCamera,
  counter: ConnectionCounter,
): Promise<{ app: TestApp; session: SessionInfo }> {
  const app = await startTestApp({
    proxy_mode: 'proxy',
    [`${engine}_path`]: binary,
    mediamtx_port: await freePort(),
    go2rtc_port: await freePort(),
  });
  const url = camera.url.replace(`:${camera.port}/`, `:${counter.port}/`);
  const response = await fetch(`${app.baseUrl}/session/open`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ url }),
  });
  expect(response.status).toBe(201);
  return { app, session: (await response.json()) as SessionInfo };
}

async function closeAndCheck(app: TestApp, session: SessionInfo): Promise<void> {
  const health = await (await fetch(`${app.baseUrl}/health`)).json();
  const engine = health.proxy.engines.find((e: { name: string }) => e.name === session.proxy);
  expect(engine).toMatchObject({ state: 'running', effective_mode: 'proxy' });
  const response = await fetch(`${app.baseUrl}/session/close`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ session_id: session.session_id }),
  });
  expect(response.status).toBe(200);
  await expect(probeRtsp(session.local_rtsp_url as string, 3)).rejects.toThrow();
  await app.close();
  expect(isPidAlive(engine.pid)).toBe(false);
}

describeWithMediamtx('real MediaMTX (MEDIAMTX_PATH)', () => {
  it('re-publishes an RTSP camera at local_rtsp_url for ffprobe, with one camera connection', async () => {
    const camera = await startRtspCamera();
    const counter = await countConnections(camera.port);
    try {
      const { app, session } = await openThroughEngine(
        'mediamtx',
        MEDIAMTX_PATH as string,
        camera,
        counter,
      );
      expect(session.proxy).toBe('mediamtx');
      await expect(probeRtsp(session.local_rtsp_url as string)).resolves.toEqual({
        codec: 'h264',
        width: 640,
        height: 360,
      });
      expect(counter.total()).toBe(1);
      await closeAndCheck(app, session);
    } finally {
      await counter.close();
      await camera.stop();
    }
  });
});

describeWithGo2rtc('real go2rtc (GO2RTC_PATH)', () => {
  it('re-publishes an MJPEG camera at local_rtsp_url for ffprobe, with one camera connection', async () => {
    const camera = await startMjpegCamera();
    const counter = await countConnections(camera.port);
    try {
      const { app, session } = await openThroughEngine(
        'go2rtc',
        GO2RTC_PATH as string,
        camera,
        counter,
      );
      expect(session.proxy).toBe('go2rtc');
      await expect(probeRtsp(session.local_rtsp_url as string)).resolves.toMatchObject({
        codec: 'mjpeg',
      });
      expect(counter.total()).toBe(1);
      await closeAndCheck(app, session);
    } finally {
      await counter.close();
      await camera.stop();
    }
  });
});
