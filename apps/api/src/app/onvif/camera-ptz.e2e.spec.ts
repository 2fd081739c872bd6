import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CameraInfo, CameraPtzResponse, PtzCommandResponse } from '@camrec/shared-types';
import { sleep } from '@camrec/testing';
import {
  startOnvifTestDevice,
  type OnvifTestDevice,
  type PtzVector,
  xmllintMissing,
} from '@camrec/testing/onvif';
import { getJson, postJson, sendJson } from '../../test-support/http';
import { startTestApp, type TestApp } from '../../test-support/test-app';
import { CameraPtz, PTZ_LIMITS } from './camera-ptz';

const USER = 'operator';
/** Characters XML and URLs must escape: the digest must still match, the answers never show it. */
const PASSWORD = 'p<t&z>"pw\'1';
const GATE = { token: 'Preset_1', name: 'Gate', position: { pan: -0.5, tilt: 0.25, zoom: 0.5 } };
const DRIVE = {
  token: 'Preset_2',
  name: 'Drive & yard',
  position: { pan: 0.75, tilt: -0.5, zoom: 0 },
};
const PROFILE = {
  token: 'Profile_Main',
  name: 'mainStream',
  encoding: 'H264' as const,
  width: 640,
  height: 360,
  fps: 25,
  bitrateKbps: 2048,
  uri: 'rtsp://127.0.0.1:1/main',
};

describe('PTZ of a saved camera (booted app, a test ONVIF device with a PTZ head)', () => {
  let app: TestApp;
  let device: OnvifTestDevice;
  let fixed: OnvifTestDevice;
  let cameraId: string;

  /** A saved camera (not opened: PTZ needs only its ONVIF details). */
  const save = async (name: string, extra: Record<string, unknown>): Promise<CameraInfo> => {
    const { status, body } = await postJson<CameraInfo>(app, '/cameras', {
      name,
      url: 'rtsp://127.0.0.1:1/x',
      verify: false,
      enabled: false,
      ...extra,
    });
    expect(status).toBe(201);
    return body;
  };
  const position = (): PtzVector => {
    if (!device.ptz) throw new Error('the device has no PTZ head');
    return device.ptz.position();
  };
  const ptz = (id = cameraId) => `/cameras/${id}/ptz`;

  beforeAll(async () => {
    const missing = xmllintMissing();
    if (missing) throw new Error(missing);
    // Fast enough that a short hold moves it well past rounding.
    device = await startOnvifTestDevice({
      username: USER,
      password: PASSWORD,
      name: 'Dome',
      profiles: [PROFILE],
      ptz: { presets: [GATE, DRIVE], unitsPerSecond: 1 },
      clockOffsetMs: -90_000,
    });
    fixed = await startOnvifTestDevice({
      username: USER,
      password: PASSWORD,
      name: 'Fixed',
      profiles: [PROFILE],
    });
    app = await startTestApp({ proxy_mode: 'direct' });
    cameraId = (
      await save('Dome', {
        onvif_address: device.xaddr,
        onvif_username: USER,
        onvif_password: PASSWORD,
      })
    ).id;
  });

  afterAll(async () => {
    await app?.close();
    await Promise.all([device?.stop(), fixed?.stop()]);
  });

  afterEach(() => {
    expect(device.violations).toEqual([]);
    expect(fixed.violations).toEqual([]);
  });

  it('keeps the ONVIF details with the camera and never shows the password', async () => {
    const { body } = await getJson<CameraInfo>(app, `/cameras/${cameraId}`);
    expect(body).toMatchObject({
      onvif_address: device.xaddr,
      onvif_username: USER,
      onvif_password: '***',
    });
    const list = await getJson(app, '/cameras');
    for (const text of [JSON.stringify(body), JSON.stringify(list.body)]) {
      expect(text).not.toContain(PASSWORD);
    }
  });

  it('says PTZ is available, with the presets, what it moves and where it points', async () => {
    device.ptz?.goTo({ pan: 0.1, tilt: 0, zoom: 0 });
    const { status, body } = await getJson<CameraPtzResponse>(app, ptz());
    expect(status).toBe(200);
    expect(body).toEqual({
      camera_id: cameraId,
      available: true,
      reason: null,
      pan_tilt: true,
      zoom: true,
      presets: [
        { token: 'Preset_1', name: 'Gate' },
        { token: 'Preset_2', name: 'Drive & yard' },
      ],
      position: { pan: 0.1, tilt: 0, zoom: 0 },
    });
  });

  it('moves in the direction asked until stopped, with a Timeout always sent', async () => {
    device.ptz?.goTo({ pan: 0, tilt: 0, zoom: 0 });
    const moved = await postJson<PtzCommandResponse>(app, `${ptz()}/move`, { pan: 0.5, tilt: -0.5 }); // prettier-ignore
    expect(moved).toMatchObject({
      status: 200,
      body: { camera_id: cameraId, command: 'move', timeout_ms: 1000, preset: null },
    });
    await sleep(300);
    const during = position();
    expect(during.pan).toBeGreaterThan(0.05);
    expect(during.tilt).toBeLessThan(-0.05);
    expect(during.zoom).toBe(0);
    const stopped = await postJson<PtzCommandResponse>(app, `${ptz()}/stop`, {});
    expect(stopped).toMatchObject({ status: 200, body: { command: 'stop' } });
    const atStop = position();
    await sleep(200);
    expect(position()).toEqual(atStop);
    expect(device.ptz?.moves.at(-1)).toEqual({
      velocity: { pan: 0.5, tilt: -0.5, zoom: 0 },
      timeoutMs: 1000,
    });

    await postJson(app, `${ptz()}/move`, { zoom: 1 });
    await sleep(200);
    expect(position().zoom).toBeGreaterThan(0.05);
    await postJson(app, `${ptz()}/stop`, {});
  });

  it('stops by itself after timeout_ms when no stop comes', async () => {
    device.ptz?.goTo({ pan: 0, tilt: 0, zoom: 0 });
    const moved = await postJson(app, `${ptz()}/move`, { pan: -1, timeout_ms: 200 });
    expect(moved.body).toMatchObject({ timeout_ms: 200 });
    await sleep(400);
    const after = position();
    expect(after.pan).toBeLessThan(-0.1);
    // 200 ms at full speed: a fifth of the range, however late the check.
    expect(after.pan).toBeGreaterThan(-0.3);
    expect(device.ptz?.moving()).toEqual({ panTilt: false, zoom: false });
  });

  it('goes to a preset', async () => {
    const { status, body } = await postJson<PtzCommandResponse>(app, `${ptz()}/preset`, {
      token: 'Preset_2',
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({ command: 'preset', preset: 'Preset_2' });
    expect(position()).toEqual(DRIVE.position);
    // A token the device does not have: its refusal, 502.
    const unknown = await postJson(app, `${ptz()}/preset`, { token: 'Preset_9' });
    expect(unknown.status).toBe(502);
    expect(unknown.body.message).toMatch(/refused GotoPreset/);
  });

  it('refuses bad fields with 400 naming them', async () => {
    const cases: Array<[string, Record<string, unknown>, RegExp]> = [
      ['move', { pan: 1.5 }, /pan must be a number from -1 to 1/],
      ['move', { tilt: '0.5' }, /tilt must be a number/],
      ['move', { zoom: null }, /zoom must be a number/],
      ['move', { pan: 0.5, timeout_ms: 50 }, /timeout_ms must be a whole number/],
      ['move', { pan: 0.5, timeout_ms: 60_000 }, /timeout_ms must be a whole number/],
      ['move', { pan: 0.5, speed: 1 }, /speed/],
      ['preset', {}, /token must be/],
      ['preset', { token: '' }, /token must be a preset token/],
      ['preset', { token: 'a'.repeat(65) }, /token must be at most 64/],
      ['preset', { token: 'a\u0000' }, /token must be a preset token/],
      ['stop', { now: true }, /now/],
    ];
    for (const [route, body, message] of cases) {
      const answer = await postJson(app, `${ptz()}/${route}`, body);
      expect([route, body, answer.status]).toEqual([route, body, 400]);
      expect(answer.body.message).toMatch(message);
    }
    expect((await getJson(app, ptz('notacamera00'))).status).toBe(400);
  });

  it('answers 404 for an unknown camera and 409 for one without ONVIF details or PTZ', async () => {
    expect((await getJson(app, ptz('aaaaaaaaaaaa'))).status).toBe(404);
    expect((await postJson(app, `${ptz('aaaaaaaaaaaa')}/stop`, {})).status).toBe(404);

    const plain = await save('Plain', {});
    expect(plain).toMatchObject({ onvif_address: null, onvif_username: null, onvif_password: null }); // prettier-ignore
    const none = await getJson<CameraPtzResponse>(app, ptz(plain.id));
    expect(none.body).toMatchObject({ available: false, reason: expect.stringMatching(/no ONVIF details/) }); // prettier-ignore
    const refused = await postJson(app, `${ptz(plain.id)}/move`, { pan: 1 });
    expect(refused.status).toBe(409);
    expect(refused.body.message).toMatch(/no ONVIF details saved/);

    const still = await save('Fixed', {
      onvif_address: `127.0.0.1:${fixed.port}`,
      onvif_username: USER,
      onvif_password: PASSWORD,
    });
    const noPtz = await getJson<CameraPtzResponse>(app, ptz(still.id));
    expect(noPtz.body).toMatchObject({ available: false, reason: expect.stringMatching(/has no PTZ service/) }); // prettier-ignore
    expect((await postJson(app, `${ptz(still.id)}/stop`, {})).status).toBe(409);
  });

  it('validates the ONVIF details of a camera, and forgets them on null', async () => {
    const bad: Array<[Record<string, unknown>, RegExp]> = [
      [{ onvif_address: 'ftp://10.0.0.1' }, /onvif_address scheme "ftp:"/],
      [{ onvif_address: '' }, /onvif_address must not be empty/],
      [{ onvif_address: 5 }, /onvif_address must be a string/],
      [{ onvif_address: '10.0.0.1' }, /onvif_username is needed/],
      [{ onvif_address: '10.0.0.1', onvif_username: 'a<b' }, /onvif_username must not contain/],
      [{ onvif_address: '10.0.0.1', onvif_username: 'a', onvif_password: 'é' }, /onvif_password must be printable ASCII/], // prettier-ignore
      [{ onvif_username: 'a' }, /onvif_address is needed/],
    ];
    for (const [fields, message] of bad) {
      const answer = await postJson(app, '/cameras', { name: 'Bad', url: 'rtsp://127.0.0.1:1/x', verify: false, ...fields }); // prettier-ignore
      expect([fields, answer.status]).toEqual([fields, 400]);
      expect(answer.body.message).toMatch(message);
    }
    const camera = await save('Forgetful', { onvif_address: device.xaddr, onvif_username: USER });
    expect(camera.onvif_password).toBe('***');
    // A new user keeps the saved address; a changed password is taken; null forgets them all.
    const renamed = await sendJson<CameraInfo>(app, 'PATCH', `/cameras/${camera.id}`, { onvif_username: 'other', onvif_password: 'x' }); // prettier-ignore
    expect(renamed.body).toMatchObject({ onvif_address: device.xaddr, onvif_username: 'other' });
    const forgotten = await sendJson<CameraInfo>(app, 'PATCH', `/cameras/${camera.id}`, { onvif_address: null }); // prettier-ignore
    expect(forgotten.body).toMatchObject({ onvif_address: null, onvif_username: null, onvif_password: null }); // prettier-ignore
  });

  it('answers 502 for a refused password or an unreachable device, and 504 for a silent one', async () => {
    const wrong = await save('Wrong password', {
      onvif_address: device.xaddr,
      onvif_username: USER,
      onvif_password: 'not-it',
    });
    const refused = await postJson(app, `${ptz(wrong.id)}/move`, { pan: 1 });
    expect(refused.status).toBe(502);
    expect(refused.body.message).toMatch(/refused the user name or password/);
    expect((await getJson(app, ptz(wrong.id))).status).toBe(502);

    const gone = createServer();
    await new Promise<void>((resolve) => gone.listen(0, '127.0.0.1', resolve));
    const port = (gone.address() as AddressInfo).port;
    await new Promise((resolve) => gone.close(resolve));
    const away = await save('Away', { onvif_address: `127.0.0.1:${port}`, onvif_username: USER });
    const unreachable = await postJson(app, `${ptz(away.id)}/stop`, {});
    expect(unreachable.status).toBe(502);
    expect(unreachable.body.message).toMatch(/connection refused/);

    const service = app.app.get(CameraPtz);
    service.limits = { ...PTZ_LIMITS, deadlineMs: 700, requestTimeoutMs: 500 };
    const silent: Server = createServer(() => undefined);
    try {
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      const quiet = await save('Silent', {
        onvif_address: `127.0.0.1:${(silent.address() as AddressInfo).port}`,
        onvif_username: USER,
      });
      expect((await postJson(app, `${ptz(quiet.id)}/move`, { pan: 1 })).status).toBe(504);
    } finally {
      service.limits = PTZ_LIMITS;
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('never writes the password to a log line', () => {
    expect(app.logs.join('\n')).not.toContain(PASSWORD);
    expect(app.logs.join('\n')).not.toContain('not-it');
  });
});
