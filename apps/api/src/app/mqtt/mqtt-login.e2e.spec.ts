import { connectAsync } from 'mqtt';
import { waitFor } from '@camrec/testing';
import { getJson, postJson, sendJson } from '../../test-support/http';
import { freePort, isPidAlive } from '@camrec/process';
import { startTestApp, type TestApp } from '../../test-support/test-app';
import { listen, text, type Listener } from './test-support/mqtt-listener';
import { startMosquitto, type Mosquitto } from './test-support/mosquitto';

const PASSWORD = 'broker-S3cret!';
const CAMERA_PASSWORD = 'camera-S3cret!';

describe('MQTT login, a broker down at start, and passwords kept out of sight (booted app, real Mosquitto)', () => {
  let port: number;
  let broker: Mosquitto | null = null;
  const brokerPids: number[] = [];
  const apps: TestApp[] = [];
  const listeners: Listener[] = [];

  beforeAll(async () => {
    port = await freePort();
  });

  afterAll(async () => {
    await Promise.all(listeners.map((listener) => listener.close()));
    await Promise.all(apps.map((app) => app.close()));
    await broker?.stop();
    expect(brokerPids.filter(isPidAlive)).toEqual([]);
  });

  const mqttHealth = async (app: TestApp) => (await getJson(app, '/health')).body.mqtt;
  const everything = (app: TestApp, ...bodies: unknown[]) =>
    [...app.logs, ...bodies.map((body) => JSON.stringify(body))].join('\n');

  it('starts without its broker, then logs in once the broker is there', async () => {
    // The password in the URL; the broker is not running yet.
    const app = await startTestApp({
      mqtt_url: `mqtt://nvr:${encodeURIComponent(PASSWORD)}@127.0.0.1:${port}`,
    });
    apps.push(app);
    const down = await waitFor('a failed attempt', async () => {
      const mqtt = await mqttHealth(app);
      return mqtt.last_error ? mqtt : undefined;
    });
    expect(down).toEqual({
      state: 'disconnected',
      broker: `mqtt://nvr:***@127.0.0.1:${port}`,
      last_error: expect.stringMatching(/ECONNREFUSED/),
      connected_since: null,
    });
    // A saved camera (with its own password) is added while the broker is away.
    const camera = await postJson(app, '/cameras', {
      name: 'Gate',
      url: `rtsp://admin:${CAMERA_PASSWORD}@127.0.0.1:9/stream`,
      verify: false,
    });
    expect(camera.status).toBe(201);

    // The broker first knows another user only, so that the server cannot log in before a
    // retained command waits there: it reaches the server as it subscribes, and would switch
    // the camera off at every connection if it were applied.
    const setup = { username: 'setup', password: 'setup-only' };
    broker = await startMosquitto({ port, login: setup });
    brokerPids.push(broker.pid);
    const stale = await connectAsync(broker.url, { ...setup, reconnectPeriod: 0 });
    await stale.publishAsync(`camrec/${camera.body.id}/enabled/set`, 'OFF', {
      qos: 1,
      retain: true,
    });
    await stale.endAsync();
    expect((await mqttHealth(app)).state).toBe('disconnected');
    await broker.setLogin({ username: 'nvr', password: PASSWORD });
    const up = await waitFor(
      'the login',
      async () => {
        const mqtt = await mqttHealth(app);
        return mqtt.state === 'connected' ? mqtt : undefined;
      },
      { timeoutMs: 35_000 }, // the server's backoff after its failed logins: up to 16 s by now
    );
    expect(up).toMatchObject({ last_error: null, connected_since: expect.any(String) });
    await waitFor('the retained command ignored', async () =>
      app.logs.some((l) =>
        / - mqtt - WARN - ignored a message on ".*\/enabled\/set": it is retained/.test(l),
      )
        ? true
        : undefined,
    );
    expect((await getJson(app, `/cameras/${camera.body.id}`)).body.enabled).toBe(true);

    const spy = await listen(broker.url, ['camrec/#', 'homeassistant/#'], {
      username: 'nvr',
      password: PASSWORD,
    });
    listeners.push(spy);
    await spy.next((m) => m.topic === 'camrec/available' && text(m) === 'online');
    await spy.next(
      (m) => m.topic === `camrec/${camera.body.id}/available` && text(m) === 'offline',
    );
    await spy.next((m) => m.topic.endsWith(`${camera.body.id}_recording/config`));
    // Deleted: its entities leave Home Assistant (empty retained configs), its topics are cleared.
    const from = spy.messages.length;
    expect((await sendJson(app, 'DELETE', `/cameras/${camera.body.id}`)).status).toBe(200);
    for (const entity of ['motion', 'snapshot', 'recording', 'motion_detection', 'enabled']) {
      await spy.next(
        (m) => m.topic.endsWith(`/${camera.body.id}_${entity}/config`) && m.payload.length === 0,
        5000,
        from,
      );
    }
    await spy.next(
      (m) => m.topic === `camrec/${camera.body.id}/available` && m.payload.length === 0,
      5000,
      from,
    );
    const published = spy.messages.map(text).join('\n');
    for (const secret of [PASSWORD, encodeURIComponent(PASSWORD), CAMERA_PASSWORD]) {
      expect(everything(app, down, up, camera.body, published)).not.toContain(secret);
    }
  }, 75_000);

  it('reports a refused login in /health without the password (mqtt_username, mqtt_password)', async () => {
    const app = await startTestApp({
      mqtt_url: `mqtt://127.0.0.1:${port}`,
      mqtt_username: 'nvr',
      mqtt_password: 'not-the-password',
    });
    apps.push(app);
    const refused = await waitFor('the refusal', async () => {
      const mqtt = await mqttHealth(app);
      return mqtt.last_error ? mqtt : undefined;
    });
    expect(refused).toEqual({
      state: 'disconnected',
      broker: `mqtt://nvr:***@127.0.0.1:${port}`,
      last_error: expect.stringMatching(/Not authorized|Bad User Name or Password/i),
      connected_since: null,
    });
    expect(
      app.logs.some((l) => / - mqtt - WARN - cannot connect to mqtt:\/\/nvr:\*\*\*@/.test(l)),
    ).toBe(true);
    expect(everything(app, refused)).not.toContain('not-the-password');
  });
});
