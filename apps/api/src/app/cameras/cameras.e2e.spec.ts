import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CameraInfo, SessionListResponse } from '@camrec/shared-types';
import { startMjpegCamera, startRtspCamera, type SimCamera } from '@camrec/testing/camera-sim';
import { freePort } from '@camrec/process';
import { waitFor } from '@camrec/testing';
import { getJson, postJson, sendJson } from '../../test-support/http';
import { serverMediaPids, startTestApp, type TestApp } from '../../test-support/test-app';

const PASSWORD = 's3cr3t-p@ss/w0rd';

describe('saved cameras through the HTTP API (booted app, simulated cameras)', () => {
  let dir: string;
  let app: TestApp | null = null;
  const cameras: SimCamera[] = [];
  const camera = async <T extends SimCamera>(started: Promise<T>): Promise<T> => {
    const cam = await started;
    cameras.push(cam);
    return cam;
  };
  const boot = async (env: Record<string, string> = {}) => {
    app = await startTestApp({ proxy_mode: 'direct' }, undefined, { dir, env });
    return app;
  };
  const status = async (id: string) =>
    (await getJson<CameraInfo>(app as TestApp, `/cameras/${id}`)).body.status;
  const sessions = async () =>
    (await getJson<SessionListResponse>(app as TestApp, '/session/list')).body.sessions;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'camrec-cameras-'));
  });

  afterEach(async () => {
    await app?.close();
    app = null;
    await Promise.all(cameras.splice(0).map((cam) => cam.stop()));
    rmSync(dir, { recursive: true, force: true });
    expect(serverMediaPids()).toEqual([]);
  });

  it('saves a verified camera with its substream; after a restart it opens, records and analyses motion by itself', async () => {
    const main = await camera(startRtspCamera({ width: 640, height: 360, gop: 1 }));
    const sub = await camera(startRtspCamera({ width: 320, height: 240 }));
    await boot();
    const created = await postJson<CameraInfo>(app as TestApp, '/cameras', {
      name: 'Porch',
      url: main.url,
      substream_url: sub.url,
      record: 'continuous',
      segment_s: 2,
      motion: { enabled: true },
    });
    expect(created.status).toBe(201);
    const saved = created.body;
    expect(saved).toMatchObject({
      id: expect.stringMatching(/^[a-z2-7]{12}$/),
      name: 'Porch',
      source_type: 'rtsp',
      url: main.url,
      substream_url: sub.url,
      enabled: true,
      record: 'continuous',
      segment_s: 2,
      status: {
        state: 'online',
        session_id: expect.any(String),
        substream_session_id: expect.any(String),
      },
    });
    const listed = await sessions();
    expect(listed.map((s) => [s.camera_id, s.stream, s.media.video.width]).sort()).toEqual([
      [saved.id, 'main', 640],
      [saved.id, 'sub', 320],
    ]);
    // A saved camera's session is the camera's to close.
    const refused = await postJson(app as TestApp, '/session/close', {
      session_id: saved.status.session_id,
    });
    expect(refused.status).toBe(409);
    expect(refused.body.message).toMatch(/belongs to saved camera/);
    // The index is private to the server's user: it holds camera passwords.
    expect(statSync(join(dir, 'videos', 'index.sqlite')).mode & 0o777).toBe(0o600);

    await (app as TestApp).close();
    await boot();
    const back = await waitFor('the camera open again after the restart', async () => {
      const state = await status(saved.id);
      return state.state === 'online' && state.substream_session_id ? state : undefined;
    });
    expect(back.session_id).not.toBe(saved.status.session_id);
    const reopened = (await sessions()).filter((s) => s.camera_id === saved.id);
    expect(reopened).toHaveLength(2);
    // Motion is analysed on the substream; the main stream is recorded.
    expect(reopened.find((s) => s.stream === 'sub')?.motion.enabled).toBe(true);
    await waitFor('continuous recording again', async () =>
      (await status(saved.id)).recording ? true : undefined,
    );
  });

  it('refuses a camera that cannot be opened with the reason, and saves nothing', async () => {
    await boot();
    const port = await freePort();
    const { status: code, body } = await postJson(app as TestApp, '/cameras', {
      name: 'Nowhere',
      url: `rtsp://127.0.0.1:${port}/stream`,
    });
    expect(code).toBe(502);
    expect(body.message).toMatch(/refused/i);
    expect((await getJson(app as TestApp, '/cameras')).body.cameras).toEqual([]);
  });

  it('names the substream when it is the stream that cannot be opened, and keeps nothing open', async () => {
    const main = await camera(startRtspCamera({}));
    await boot();
    const port = await freePort();
    const { status: code, body } = await postJson(app as TestApp, '/cameras', {
      name: 'Half',
      url: main.url,
      substream_url: `rtsp://127.0.0.1:${port}/sub`,
    });
    expect(code).toBe(502);
    expect(body.message).toMatch(/^substream_url: .*refused/i);
    expect(await sessions()).toEqual([]);
  });

  it('keeps trying an unreachable camera, writes its offline period, and opens it once it is up', async () => {
    await boot();
    const port = await freePort();
    const { status: code, body: saved } = await postJson<CameraInfo>(app as TestApp, '/cameras', {
      name: 'Late',
      url: `http://127.0.0.1:${port}/mjpeg`,
      verify: false,
    });
    expect(code).toBe(201);
    const offline = await waitFor('the camera offline', async () => {
      const state = await status(saved.id);
      return state.state === 'offline' ? state : undefined;
    });
    expect(offline).toMatchObject({
      session_id: null,
      offline_since: expect.any(String),
      last_error: expect.stringMatching(/refused/i),
      next_attempt_at: expect.any(String),
    });
    await camera(startMjpegCamera({ port }));
    await waitFor(
      'the camera online',
      async () => ((await status(saved.id)).state === 'online' ? true : undefined),
      { timeoutMs: 30_000 },
    );
    const periods = await getJson(app as TestApp, `/cameras/${saved.id}/offline`);
    expect(periods.body.periods).toEqual([
      {
        started_at: offline.offline_since,
        ended_at: expect.any(String),
        reason: expect.stringMatching(/refused/i),
      },
    ]);
  });

  it('reads a password kept in the environment, and shows it nowhere', async () => {
    const cam = await camera(
      startRtspCamera({ auth: { type: 'digest', user: 'admin', password: PASSWORD } }),
    );
    await boot({ PORCH_PASSWORD: PASSWORD });
    const template = cam.url.replace('rtsp://', 'rtsp://admin:${PORCH_PASSWORD}@');
    const created = await postJson<CameraInfo>(app as TestApp, '/cameras', {
      name: 'Porch',
      url: template,
    });
    expect(created.status).toBe(201);
    expect(created.body.url).toBe(cam.url.replace('rtsp://', 'rtsp://admin:***@'));
    const everything = JSON.stringify([
      created.body,
      (await getJson(app as TestApp, '/cameras')).body,
      await sessions(),
      (app as TestApp).logs,
    ]);
    expect(everything).not.toContain(PASSWORD);
    expect(everything).not.toContain(encodeURIComponent(PASSWORD));
    // Nor any process's command line (ps shows them to every local user).
    const processes = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' });
    expect(processes).toContain('/relay-'); // the ingest reads through the relay …
    expect(processes).not.toContain(PASSWORD); // … which holds the password in memory only
    expect(processes).not.toContain(encodeURIComponent(PASSWORD));
  });

  it('renames, disables, enables and deletes a camera', async () => {
    const cam = await camera(startMjpegCamera({}));
    await boot();
    const { body: saved } = await postJson<CameraInfo>(app as TestApp, '/cameras', {
      name: 'Garage',
      url: cam.url,
    });
    const renamed = await sendJson(app as TestApp, 'PATCH', `/cameras/${saved.id}`, {
      name: 'Shed',
    });
    expect(renamed.body).toMatchObject({ name: 'Shed', status: { state: 'online' } });
    expect((await sessions()).map((s) => s.name)).toEqual(['Shed']);

    const disabled = await sendJson(app as TestApp, 'PATCH', `/cameras/${saved.id}`, {
      enabled: false,
    });
    expect(disabled.body.status).toMatchObject({ state: 'disabled', session_id: null });
    expect(await sessions()).toEqual([]);

    await sendJson(app as TestApp, 'PATCH', `/cameras/${saved.id}`, { enabled: true });
    await waitFor('the camera online again', async () =>
      (await status(saved.id)).state === 'online' ? true : undefined,
    );

    const deleted = await sendJson(app as TestApp, 'DELETE', `/cameras/${saved.id}`);
    expect(deleted.body).toEqual({ id: saved.id, deleted: true, recordings_deleted: 0 });
    expect((await getJson(app as TestApp, `/cameras/${saved.id}`)).status).toBe(404);
    expect(await sessions()).toEqual([]);
  });

  it.each([
    [{ name: 'x'.repeat(81), url: 'rtsp://cam/s' }, /^name must be at most 80/],
    [{ name: 'a\u0000b', url: 'rtsp://cam/s' }, /^name must not be blank or hold control/],
    [{ name: '  ', url: 'rtsp://cam/s' }, /^name must not be blank/],
    [{ name: 'A', url: 'file:///etc/passwd' }, /^url scheme "file:" is not allowed/],
    [
      { name: 'A', url: 'rtsp://cam/s', substream_url: 'concat:a|b' },
      /^substream_url scheme "concat:"/,
    ],
    [
      { name: 'A', url: 'rtsp://cam/s', record: 'always' },
      /^record must be one of off, motion, continuous/,
    ],
    [{ name: 'A', url: 'rtsp://cam/s', segment_s: 1 }, /^segment_s must be a whole number/],
    [{ name: 'A', url: 'http://TOKEN123@[bad/' }, /^url is not a valid URL: http:\/\/\*\*\*@/],
  ])('refuses %j with a 400 naming the field', async (body, message) => {
    app ??= await boot();
    const answer = await postJson(app, '/cameras', { verify: false, ...body });
    expect(answer.status).toBe(400);
    expect(answer.body.message).toMatch(message);
    expect(JSON.stringify(answer.body)).not.toContain('TOKEN123');
  });

  it('refuses a second camera of the same name, in any case', async () => {
    await boot();
    const first = await postJson(app as TestApp, '/cameras', {
      name: 'Gate',
      url: 'rtsp://127.0.0.1:9/a',
      verify: false,
    });
    expect(first.status).toBe(201);
    const second = await postJson(app as TestApp, '/cameras', {
      name: 'GATE',
      url: 'rtsp://127.0.0.1:9/b',
      verify: false,
    });
    expect(second.status).toBe(409);
    expect(second.body.message).toBe('a camera named "GATE" already exists');
  });
});
