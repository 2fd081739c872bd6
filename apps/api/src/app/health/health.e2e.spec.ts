import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sleep } from '@camrec/testing';
import { startTestApp, TestApp } from '../../test-support/test-app';

describe('GET /health and the HTTP basics (booted app)', () => {
  let app: TestApp;
  afterEach(async () => {
    await app?.close();
  });

  it('reports ffmpeg, ffprobe, the proxy fallback and the session count', async () => {
    app = await startTestApp({ max_sessions: 4 });
    const response = await fetch(`${app.baseUrl}/health`);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.status).toBe('ok');
    expect(body.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(body.uptime_s).toBeGreaterThanOrEqual(0);
    expect(body.ffmpeg).toEqual({ path: 'ffmpeg', version: expect.stringMatching(/^\d/) });
    expect(body.ffprobe).toEqual({ path: 'ffprobe', version: expect.stringMatching(/^\d/) });
    expect(body.sessions).toEqual({ active: 0, max: 4 });
    // No MediaMTX/go2rtc binary on this machine (and no download in tests): auto falls back
    // to direct and says why, per engine.
    expect(body.proxy.mode).toBe('auto');
    expect(body.proxy.effective_mode).toBe('direct');
    expect(body.proxy.engines.map((e: { name: string }) => e.name)).toEqual(['mediamtx', 'go2rtc']);
    for (const engine of body.proxy.engines) {
      expect(engine).toMatchObject({
        state: 'unavailable',
        effective_mode: 'direct',
        binary: null,
      });
      expect(engine.reason).toMatch(
        /not found on PATH nor in .* and auto_download is off; sessions read cameras directly$/,
      );
    }
    expect(body.demo_camera_url).toBeNull();
    expect(body.mqtt).toEqual({
      state: 'off',
      broker: null,
      last_error: null,
      connected_since: null,
    });
  });

  it('is degraded, not crashed, when ffmpeg is missing', async () => {
    app = await startTestApp({ ffmpeg_path: '/nonexistent/ffmpeg' });
    const body = await (await fetch(`${app.baseUrl}/health`)).json();
    expect(body.status).toBe('degraded');
    expect(body.ffmpeg).toEqual({
      path: '/nonexistent/ffmpeg',
      version: null,
      error: "ffmpeg not found at '/nonexistent/ffmpeg'",
    });
  });

  it('is degraded with the reason when ffmpeg is older than 5.1', async () => {
    // A real program on a temporary path, answering -version as ffmpeg 4.4 does.
    const dir = mkdtempSync(join(tmpdir(), 'camrec-old-ffmpeg-'));
    const oldFfmpeg = join(dir, 'ffmpeg');
    writeFileSync(oldFfmpeg, "#!/bin/sh\necho 'ffmpeg version 4.4.2-0ubuntu0.22.04.1'\n");
    chmodSync(oldFfmpeg, 0o755);
    try {
      app = await startTestApp({ ffmpeg_path: oldFfmpeg });
      const body = await (await fetch(`${app.baseUrl}/health`)).json();
      expect(body.status).toBe('degraded');
      expect(body.ffmpeg).toEqual({
        path: oldFfmpeg,
        version: '4.4.2-0ubuntu0.22.04.1',
        error: expect.stringMatching(/version 4\.4\.2-\S+ is older than 5\.1/),
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('asks ffmpeg its version again when the binary changes, not at every /health', async () => {
    // A real program on a temporary path that counts its runs.
    const dir = mkdtempSync(join(tmpdir(), 'camrec-counted-ffmpeg-'));
    const ffmpeg = join(dir, 'ffmpeg');
    const runs = join(dir, 'runs');
    const install = (version: string) => {
      writeFileSync(ffmpeg, `#!/bin/sh\necho run >> '${runs}'\necho 'ffmpeg version ${version}'\n`);
      chmodSync(ffmpeg, 0o755);
    };
    const versionNow = async () => (await (await fetch(`${app.baseUrl}/health`)).json()).ffmpeg;
    const runCount = () => readFileSync(runs, 'utf8').trim().split('\n').length;
    try {
      install('5.1.1');
      app = await startTestApp({ ffmpeg_path: ffmpeg });
      expect(await versionNow()).toEqual({ path: ffmpeg, version: '5.1.1' });
      // Past the 10 s after which it used to ask again.
      await sleep(10_500);
      expect(await versionNow()).toEqual({ path: ffmpeg, version: '5.1.1' });
      expect(runCount()).toBe(1);
      install('6.0');
      expect(await versionNow()).toEqual({ path: ffmpeg, version: '6.0' });
      expect(runCount()).toBe(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('answers unknown routes and bad JSON with the JSON error shape', async () => {
    app = await startTestApp();
    const missing = await fetch(`${app.baseUrl}/no/such/route`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({
      statusCode: 404,
      error: 'Not Found',
      message: expect.any(String),
    });

    const badJson = await fetch(`${app.baseUrl}/session/open`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"url": ',
    });
    expect(badJson.status).toBe(400);
    expect(await badJson.json()).toMatchObject({ statusCode: 400, error: 'Bad Request' });
  });

  it('serves the OpenAPI document and its UI', async () => {
    app = await startTestApp();
    const document = await (await fetch(`${app.baseUrl}/openapi.json`)).json();
    expect(document.info.title).toBe('Camera Recorder');
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/health', '/session/open']),
    );
    const ui = await fetch(`${app.baseUrl}/docs`);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('swagger');
  });

  it('writes log lines as time - logger - level - message', async () => {
    app = await startTestApp();
    expect(app.logs.length).toBeGreaterThan(0);
    for (const line of app.logs) {
      expect(line).toMatch(
        /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z - [\w-]+ - (ERROR|WARN|INFO|DEBUG) - /,
      );
    }
  });
});
