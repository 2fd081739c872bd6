import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startRtspCamera, type SimCamera } from '@camrec/testing/camera-sim';
import { rawRequest, tryWebSocket } from '../../test-support/raw-http';
import { isPidAlive } from '@camrec/process';
import { sleep, waitFor, WORKSPACE_ROOT } from '@camrec/testing';
import { serverMediaPids, startTestApp, type TestApp } from '../../test-support/test-app';
import { parseMetrics, valueOf, type TextSample } from './test-support/metrics-text';
import { PrometheusServer } from './test-support/prometheus-server';

const API_TOKEN = 'the-access-token-of-this-test';
const METRICS_TOKEN = 'a-token-that-only-scrapes';
const asApi = { authorization: `Bearer ${API_TOKEN}` };
const asPrometheus = { authorization: `Bearer ${METRICS_TOKEN}` };

/**
 * README's scrape configuration, pointed at the test app: every second, the target and the
 * token file replaced (the file is written beside the configuration).
 */
function readmeScrapeConfig(baseUrl: string): { config: string; tokenFile: string } {
  const readme = readFileSync(join(WORKSPACE_ROOT, 'README.md'), 'utf8');
  const block = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)]
    .map((match) => match[1])
    .find((text) => text.includes('job_name: camrec'));
  if (!block) throw new Error('README has no yaml block with the scrape configuration');
  const tokenFile = 'camrec-metrics-token';
  const config = block
    .replace(/scrape_interval: \d+s/, 'scrape_interval: 1s')
    .replace(/credentials_file: \S+/, `credentials_file: ${tokenFile}`)
    .replace(/targets: \[[^\]]*\]/, `targets: ['${new URL(baseUrl).host}']`);
  return { config, tokenFile };
}

describe('/metrics beyond loopback with a saved 25 fps RTSP camera (booted app, promtool, real Prometheus)', () => {
  // host 0.0.0.0 in the config selects the token policy; the test app listens on 127.0.0.1.
  let app: TestApp;
  let camera: SimCamera;
  let cameraId: string;
  let prometheus: PrometheusServer | undefined;
  const ofCamera = () => ({ camera: cameraId, name: 'Porch' });
  const ofMain = () => ({ ...ofCamera(), stream: 'main' });

  async function scrape(): Promise<{ text: string; samples: TextSample[] }> {
    const response = await rawRequest(app.baseUrl, '/metrics', { headers: asPrometheus });
    expect(response.status).toBe(200);
    return { text: response.text, samples: parseMetrics(response.text) };
  }

  beforeAll(async () => {
    camera = await startRtspCamera({ fps: 25 });
    app = await startTestApp({
      host: '0.0.0.0',
      auth_token: API_TOKEN,
      metrics_token: METRICS_TOKEN,
      proxy_mode: 'direct',
    });
    const saved = await rawRequest(app.baseUrl, '/cameras', {
      method: 'POST',
      headers: { ...asApi, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Porch', url: camera.url, record: 'continuous', segment_s: 2 }),
    });
    expect(saved.status).toBe(201);
    cameraId = JSON.parse(saved.text).id;
  });

  afterAll(async () => {
    const pid = prometheus?.pid;
    await prometheus?.stop();
    if (pid) expect(isPidAlive(pid)).toBe(false);
    await app?.close();
    await camera?.stop();
    expect(serverMediaPids()).toEqual([]);
  });

  it('answers 401 without a token, 200 with the access token or metrics_token, which opens nothing else; 403 to a cross-site Origin', async () => {
    const anonymous = await rawRequest(app.baseUrl, '/metrics');
    expect(anonymous.status).toBe(401);
    expect(JSON.parse(anonymous.text)).toEqual({
      statusCode: 401,
      error: 'Unauthorized',
      message: expect.stringContaining('metrics_token'),
    });
    const wrong = { authorization: `Bearer ${METRICS_TOKEN}x` };
    expect((await rawRequest(app.baseUrl, '/metrics', { headers: wrong })).status).toBe(401);
    for (const headers of [asApi, asPrometheus]) {
      const answer = await rawRequest(app.baseUrl, '/metrics', { headers });
      expect(answer.status).toBe(200);
      expect(answer.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    }

    // The scrape token changes no camera and reads nothing else.
    for (const path of ['/cameras', `/cameras/${cameraId}`, '/session/list', '/videos']) {
      const answer = await rawRequest(app.baseUrl, path, { headers: asPrometheus });
      expect({ path, status: answer.status }).toEqual({ path, status: 401 });
    }
    const remove = await rawRequest(app.baseUrl, `/cameras/${cameraId}`, {
      method: 'DELETE',
      headers: asPrometheus,
    });
    expect(remove.status).toBe(401);
    const health = await rawRequest(app.baseUrl, '/health', { headers: asPrometheus });
    expect(Object.keys(JSON.parse(health.text))).toEqual(['status']);

    const crossSite = await rawRequest(app.baseUrl, '/metrics', {
      headers: { ...asPrometheus, origin: 'http://evil.example' },
    });
    expect(crossSite.status).toBe(403);
    const rebinding = await rawRequest(app.baseUrl, '/metrics', {
      headers: { ...asPrometheus, host: `evil.example:${new URL(app.baseUrl).port}` },
    });
    expect(rebinding.status).toBe(421);
  });

  it('passes promtool check metrics without an error or a warning, and counts what the camera sends and what is recorded', async () => {
    const first = await scrape();
    const check = spawnSync('promtool', ['check', 'metrics'], {
      input: first.text,
      encoding: 'utf8',
    });
    expect({ status: check.status, output: check.stdout + check.stderr }).toEqual({
      status: 0,
      output: '',
    });
    const typed = first.text.match(/^# TYPE \S+/gm) ?? [];
    const described = first.text.match(/^# HELP \S+ \S/gm) ?? [];
    expect(typed.length).toBeGreaterThan(30);
    expect(described).toHaveLength(typed.length);

    const { samples } = first;
    expect(valueOf(samples, 'camrec_camera_enabled', ofCamera())).toBe(1);
    expect(valueOf(samples, 'camrec_camera_online', ofCamera())).toBe(1);
    expect(valueOf(samples, 'camrec_camera_viewers', ofMain())).toBe(0);
    expect(valueOf(samples, 'camrec_sessions_open', { kind: 'camera' })).toBe(1);
    expect(valueOf(samples, 'camrec_sessions_open', { kind: 'url' })).toBe(0);
    expect(valueOf(samples, 'camrec_child_processes', { kind: 'ingest' })).toBe(1);
    expect(valueOf(samples, 'camrec_process_cpu_seconds_total')).toBeGreaterThan(0);
    expect(valueOf(samples, 'camrec_process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(valueOf(samples, 'camrec_nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
    expect(valueOf(samples, 'camrec_storage_free_bytes')).toBeGreaterThan(0);
    expect(valueOf(samples, 'camrec_retention_deleted_files_total', { kind: 'segment' })).toBe(0);

    // A second of frames later, with a segment (2 s) made final and in the index.
    const grew = (now: TextSample[], name: string, labels: Record<string, string>) =>
      (valueOf(now, name, labels) ?? 0) - (valueOf(samples, name, labels) ?? 0);
    const later = await waitFor('a second of frames and a final segment', async () => {
      const { samples: now } = await scrape();
      const footage = valueOf(now, 'camrec_storage_footage_bytes', { kind: 'segment' }) ?? 0;
      const frames = grew(now, 'camrec_camera_frames_received_total', ofMain());
      return footage > 0 && frames >= 25 ? now : undefined;
    });
    expect(grew(later, 'camrec_camera_recording_written_bytes_total', ofCamera())).toBeGreaterThan(
      0,
    );
    expect(valueOf(later, 'camrec_camera_recording', ofCamera())).toBe(1);
    expect(valueOf(later, 'camrec_camera_recording_behind_seconds', ofCamera())).toBeLessThan(1);
    expect(valueOf(later, 'camrec_camera_received_bytes_per_second', ofMain())).toBeGreaterThan(0);
    expect(
      valueOf(later, 'camrec_camera_skipped_frames_total', { ...ofMain(), consumer: 'viewers' }),
    ).toBe(0);

    // A live viewer of the camera's main stream, while it watches.
    const info = JSON.parse(
      (await rawRequest(app.baseUrl, `/cameras/${cameraId}`, { headers: asApi })).text,
    );
    const viewer = await tryWebSocket(`${app.wsUrl}/stream?session_id=${info.status.session_id}`, {
      headers: asApi,
    });
    if (!('socket' in viewer)) throw new Error(`viewer refused: ${JSON.stringify(viewer)}`);
    const watching = (await scrape()).samples;
    viewer.socket.close();
    expect(valueOf(watching, 'camrec_camera_viewers', ofMain())).toBe(1);
    await waitFor('the viewer gone', async () =>
      valueOf((await scrape()).samples, 'camrec_camera_viewers', ofMain()) === 0 ? true : undefined,
    );
  });

  it("is scraped every second by a real Prometheus with README's configuration and metrics_token: target up, the camera's frame rate in PromQL", async () => {
    const { config, tokenFile } = readmeScrapeConfig(app.baseUrl);
    prometheus = await PrometheusServer.start(config, { [tokenFile]: METRICS_TOKEN });
    const server = prometheus;
    const main = `{camera="${cameraId}",stream="main"}`;
    // What the camera sent over the 5 s the figures cover: a loaded simulated camera sends
    // fewer than its nominal 25 (22.6 was seen), and the figures must say what it did.
    const sentBefore = camera.framesEmitted();
    const countingSince = Date.now();
    // Enough scrapes that the rate's 5 s window is covered (no extrapolation at its start).
    await waitFor('seven scrapes of the camera', async () => {
      const [count] = await server.query(
        `count_over_time(camrec_camera_frames_received_total${main}[1m])`,
      );
      return Number(count?.value[1]) >= 7 ? true : undefined;
    });
    await sleep(Math.max(0, countingSince + 5000 - Date.now()));
    const sentFps = (camera.framesEmitted() - sentBefore) / ((Date.now() - countingSince) / 1000);
    const targets = await server.targets();
    expect(targets).toEqual([
      expect.objectContaining({ health: 'up', lastError: '', scrapeUrl: `${app.baseUrl}/metrics` }),
    ]);

    const [fps] = await server.query(`camrec_camera_received_frames_per_second${main}`);
    expect(fps.metric).toMatchObject({ ...ofMain(), job: 'camrec' });
    expect(sentFps).toBeGreaterThan(15);
    expect(Math.abs(Number(fps.value[1]) - sentFps)).toBeLessThanOrEqual(1.5);
    const [rate] = await server.query(`rate(camrec_camera_frames_received_total${main}[5s])`);
    expect(Math.abs(Number(rate.value[1]) - sentFps)).toBeLessThanOrEqual(2);
  });

  it('shows a camera that stopped as offline within 10 s, its reconnects counter rising, in /metrics and in Prometheus', async () => {
    const reconnects = (samples: TextSample[]) =>
      valueOf(samples, 'camrec_camera_reconnects_total', ofMain());
    const before = reconnects((await scrape()).samples);
    expect(before).toBe(0);

    await camera.stop();
    const offline = await waitFor(
      'the camera offline in /metrics',
      async () => {
        const { samples } = await scrape();
        return valueOf(samples, 'camrec_camera_online', ofCamera()) === 0 ? samples : undefined;
      },
      { timeoutMs: 10_000 },
    );
    expect(reconnects(offline)).toBeGreaterThan(0);
    expect(valueOf(offline, 'camrec_camera_received_frames_per_second', ofMain())).toBe(0);

    const server = prometheus;
    if (!server) throw new Error('Prometheus is not running (see the test before)');
    const seen = await waitFor(
      'Prometheus seeing it offline',
      async () => {
        const [online] = await server.query(`camrec_camera_online{camera="${cameraId}"}`);
        return online?.value[1] === '0' ? true : undefined;
      },
      { timeoutMs: 5000 },
    );
    expect(seen).toBe(true);
    const [counted] = await server.query(
      `camrec_camera_reconnects_total{camera="${cameraId}",stream="main"}`,
    );
    expect(Number(counted.value[1])).toBeGreaterThan(0);
  });
});

describe('/metrics on loopback (booted app)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app?.close());

  it('answers without a token; a cross-site Origin still gets 403 and a foreign Host 421', async () => {
    const scrape = await rawRequest(app.baseUrl, '/metrics');
    expect(scrape.status).toBe(200);
    expect(scrape.text).toMatch(/^camrec_sessions_open\{kind="url"\} 0$/m);
    const crossSite = await rawRequest(app.baseUrl, '/metrics', {
      headers: { origin: 'http://evil.example' },
    });
    expect(crossSite.status).toBe(403);
    const rebinding = await rawRequest(app.baseUrl, '/metrics', {
      headers: { host: `evil.example:${new URL(app.baseUrl).port}` },
    });
    expect(rebinding.status).toBe(421);
  });
});
