import { createSocket, type Socket } from 'node:dgram';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
  CameraInfo,
  OnvifDiscoveryResponse,
  OnvifProfilesResponse,
} from '@camrec/shared-types';
import { startRtspCamera, type SimCamera } from '@camrec/testing/camera-sim';
import {
  DISCOVERY_GROUP,
  DISCOVERY_PORT,
  loopbackMulticastProblem,
  startOnvifTestDevice,
  xmllintMissing,
  type OnvifTestDevice,
} from '@camrec/testing/onvif';
import { freePort } from '@camrec/process';
import { waitFor } from '@camrec/testing';
import { getJson, postJson } from '../../test-support/http';
import { serverMediaPids, startTestApp, type TestApp } from '../../test-support/test-app';
import { OnvifProfiles, PROFILE_READ_LIMITS } from './onvif-profiles';

const USER = 'admin';
/** Characters a URL must encode, so the stream URIs' credentials are really encoded. */
const PASSWORD = 'p@ss:w/rd%1 #x';
const REFUSED = 'the camera refused the user name or password';

describe('ONVIF discovery and profiles (booted app, a test ONVIF device, simulated RTSP cameras)', () => {
  let app: TestApp;
  let device: OnvifTestDevice;
  let main: SimCamera;
  let sub: SimCamera;

  beforeAll(async () => {
    // Without these the test would prove nothing: it fails, saying why.
    const missing = xmllintMissing();
    if (missing) throw new Error(missing);
    const multicast = await loopbackMulticastProblem();
    if (multicast) {
      throw new Error(
        `WS-Discovery over loopback cannot work on this machine (multicast to ${DISCOVERY_GROUP} from 127.0.0.1 did not come back: ${multicast})`,
      );
    }
    const auth = { type: 'digest' as const, user: USER, password: PASSWORD };
    [main, sub] = await Promise.all([
      startRtspCamera({ width: 640, height: 360, auth, path: '/main' }),
      startRtspCamera({ width: 320, height: 180, auth, path: '/sub' }),
    ]);
    device = await startOnvifTestDevice({
      username: USER,
      password: PASSWORD,
      name: 'Porch camera',
      hardware: 'TD-100',
      location: 'country/France',
      // The device's clock is 2 minutes fast: digests must be dated in its time.
      clockOffsetMs: 120_000,
      profiles: [
        {
          token: 'Profile_Sub',
          name: 'subStream',
          encoding: 'H264',
          width: 320,
          height: 180,
          fps: 25,
          bitrateKbps: 512,
          uri: sub.url,
        },
        {
          token: 'Profile_Main',
          name: 'mainStream',
          encoding: 'H264',
          width: 640,
          height: 360,
          fps: 25,
          bitrateKbps: 2048,
          uri: main.url,
        },
      ],
    });
    app = await startTestApp({ proxy_mode: 'direct' });
  });

  afterAll(async () => {
    await app?.close();
    await device?.stop();
    await Promise.all([main?.stop(), sub?.stop()]);
    expect(serverMediaPids()).toEqual([]);
  });

  afterEach(() => {
    expect(device.violations).toEqual([]);
  });

  /**
   * How long the tests' discoveries probe. The test device checks each probe and its answer with
   * xmllint before it answers: on a loaded machine that outlasted a 1 s probe (no device found).
   */
  const PROBE_MS = 5_000;
  const discover = () =>
    getJson<OnvifDiscoveryResponse>(app, `/onvif/discover?timeout_ms=${PROBE_MS}`);

  it('finds the device by WS-Discovery; calls during a probe share it', async () => {
    const before = device.probesAnswered;
    // The second call starts once the device has answered the first one's probe, while it runs.
    const probing = discover();
    await waitFor('the probe at the device', () => device.probesAnswered > before);
    const [first, second] = await Promise.all([probing, discover()]);
    expect(first.status).toBe(200);
    expect(second.body).toEqual(first.body);
    expect(device.probesAnswered).toBe(before + 1);
    expect(first.body).toMatchObject({ timeout_ms: PROBE_MS, truncated: false });
    expect(first.body.devices).toContainEqual({
      address: '127.0.0.1',
      port: device.port,
      xaddrs: [device.xaddr],
      endpoint: device.endpoint,
      name: 'Porch camera',
      hardware: 'TD-100',
      location: 'country/France',
      scopes: expect.arrayContaining(['onvif://www.onvif.org/name/Porch%20camera']),
      saved_cameras: [],
    });
  });

  it('reads the profiles with the right password, and the camera saved from them opens both streams', async () => {
    const { status, body } = await postJson<OnvifProfilesResponse>(app, '/onvif/profiles', {
      address: device.xaddr,
      username: USER,
      password: PASSWORD,
    });
    expect(status).toBe(200);
    const credentials = `${USER}:${encodeURIComponent(PASSWORD)}@`;
    const withCredentials = (url: string) => url.replace('rtsp://', `rtsp://${credentials}`);
    expect(body).toMatchObject({
      address: '127.0.0.1',
      port: device.port,
      device: {
        manufacturer: 'Camera Recorder tests',
        model: 'TD-100',
        firmware_version: 'V1.0.3',
      },
      main_stream_uri: withCredentials(main.url),
      substream_uri: withCredentials(sub.url),
    });
    expect(body.profiles).toEqual([
      {
        token: 'Profile_Sub',
        name: 'subStream',
        encoding: 'H264',
        width: 320,
        height: 180,
        fps: 25,
        bitrate_kbps: 512,
        stream_uri: withCredentials(sub.url),
        stream_error: null,
        role: 'sub',
      },
      {
        token: 'Profile_Main',
        name: 'mainStream',
        encoding: 'H264',
        width: 640,
        height: 360,
        fps: 25,
        bitrate_kbps: 2048,
        stream_uri: withCredentials(main.url),
        stream_error: null,
        role: 'main',
      },
    ]);
    expect(device.calls.map((call) => [call.service, call.operation, call.status])).toEqual([
      ['device', 'GetSystemDateAndTime', 200],
      ['device', 'GetCapabilities', 200],
      ['device', 'GetDeviceInformation', 200],
      ['media', 'GetProfiles', 200],
      ['media', 'GetStreamUri', 200],
      ['media', 'GetStreamUri', 200],
    ]);

    const saved = await postJson<CameraInfo>(app, '/cameras', {
      name: 'Porch',
      url: body.main_stream_uri,
      substream_url: body.substream_uri,
    });
    expect(saved.status).toBe(201);
    expect(saved.body.status).toMatchObject({
      state: 'online',
      session_id: expect.any(String),
      substream_session_id: expect.any(String),
    });
    // Discovery now says a saved camera reads that host.
    const found = (await discover()).body.devices.find((d) => d.endpoint === device.endpoint);
    expect(found?.saved_cameras).toEqual([{ id: saved.body.id, name: 'Porch' }]);
    const logs = app.logs.join('\n');
    expect(logs).toMatch(/profiles of the device at 127\.0\.0\.1:\d+ for user "admin": 2 profile/);
    expect(logs).not.toContain(PASSWORD);
    expect(logs).not.toContain(encodeURIComponent(PASSWORD));
  });

  it('says the camera refused a wrong password, naming neither password', async () => {
    device.calls.splice(0);
    const wrong = 'wrong-Pa55word';
    const { status, body } = await postJson(app, '/onvif/profiles', {
      address: `127.0.0.1:${device.port}`,
      username: USER,
      password: wrong,
    });
    expect(status).toBe(502);
    expect(body.message).toBe(
      `${REFUSED} (the device at 127.0.0.1:${device.port}, GetDeviceInformation)`,
    );
    expect(device.calls.at(-1)).toMatchObject({
      operation: 'GetDeviceInformation',
      status: 400,
      refused: 'wrong password (digest)',
    });
    const unknownUser = await postJson(app, '/onvif/profiles', {
      address: `127.0.0.1:${device.port}`,
      username: 'operator',
      password: PASSWORD,
    });
    expect(unknownUser.body.message).toMatch(REFUSED);
    const logs = app.logs.join('\n');
    expect(logs).toContain(REFUSED);
    expect(logs).not.toContain(wrong);
    expect(logs).not.toContain(PASSWORD);
  });

  it('refuses hostile or malformed requests with a 400 naming the field', async () => {
    const login = { username: USER, password: PASSWORD };
    const cases: [unknown, RegExp][] = [
      [{ ...login, address: 'file:///etc/passwd' }, /address scheme "file:" is not allowed/],
      [{ ...login, address: 'gopher://127.0.0.1:70/' }, /address scheme "gopher:"/],
      [
        { ...login, address: 'http://169.254.169.254/latest/meta-data/' },
        /169\.254\.169\.254 is a link-local address/,
      ],
      [{ ...login, address: '[fe80::1]:80' }, /fe80::1 is a link-local address/],
      [{ ...login, address: '[::ffff:169.254.169.254]' }, /169\.254\.169\.254 is a link-local/],
      [{ ...login, address: '224.0.0.1' }, /not a unicast address/],
      [{ ...login, address: 'http://user:pw@127.0.0.1/' }, /address must not hold credentials/],
      [{ ...login, address: '127.0.0.1:99999' }, /address/],
      [{ ...login, address: '' }, /address must not be empty/],
      [{ ...login, address: 'a b' }, /address must not contain spaces/],
      [{ address: '127.0.0.1', password: PASSWORD }, /username must be a string/],
      [{ ...login, address: '127.0.0.1', username: 'ad<min' }, /username must not contain/],
      [
        { ...login, address: '127.0.0.1', password: 'pässword' },
        /password must be printable ASCII/,
      ],
      [
        { ...login, address: '127.0.0.1', password: 'x'.repeat(129) },
        /password must be at most 128/,
      ],
      [{ ...login, address: '127.0.0.1', extra: 1 }, /property extra should not exist/],
    ];
    for (const [request, message] of cases) {
      const { status, body } = await postJson(app, '/onvif/profiles', request);
      expect([JSON.stringify(request), status, body.message]).toEqual([
        JSON.stringify(request),
        400,
        expect.stringMatching(message),
      ]);
    }
    for (const query of ['?timeout_ms=5', '?timeout_ms=60000', '?timeout_ms=abc']) {
      const { status, body } = await getJson(app, `/onvif/discover${query}`);
      expect([query, status, body.message]).toEqual([
        query,
        400,
        expect.stringMatching(/timeout_ms must be/),
      ]);
    }
  });

  it('tells unreachable, not-ONVIF, oversized and slow devices apart (502, 504)', async () => {
    const closed = await freePort();
    const refused = await postJson(app, '/onvif/profiles', {
      address: `127.0.0.1:${closed}`,
      username: USER,
      password: PASSWORD,
    });
    expect([refused.status, refused.body.message]).toEqual([
      502,
      `the device at 127.0.0.1:${closed} could not be reached: connection refused (ECONNREFUSED)`,
    ]);

    const limits = app.app.get(OnvifProfiles);
    limits.limits = { ...PROFILE_READ_LIMITS, deadlineMs: 1500, requestTimeoutMs: 1000 };
    const servers: Server[] = [];
    const serve = async (handler: Parameters<typeof createServer>[1]) => {
      const server = createServer(handler);
      servers.push(server);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return (server.address() as AddressInfo).port;
    };
    try {
      const web = await serve((_request, response) => {
        response
          .writeHead(404, { 'content-type': 'text/html' })
          .end('<html><body>Not Found</body></html>');
      });
      const notOnvif = await postJson(app, '/onvif/profiles', {
        address: `127.0.0.1:${web}`,
        username: USER,
        password: PASSWORD,
      });
      expect([notOnvif.status, notOnvif.body.message]).toEqual([
        502,
        expect.stringMatching(
          /is not an ONVIF device: GetSystemDateAndTime was answered with HTTP 404/,
        ),
      ]);

      const huge = await serve((_request, response) => {
        response.writeHead(200, { 'content-type': 'application/soap+xml' });
        const chunk = Buffer.alloc(64 * 1024, 'a');
        const write = () => {
          while (response.write(chunk)) if (response.destroyed) return;
          response.once('drain', write);
        };
        response.on('error', () => undefined);
        write();
      });
      const oversized = await postJson(app, '/onvif/profiles', {
        address: `127.0.0.1:${huge}`,
        username: USER,
        password: PASSWORD,
      });
      expect([oversized.status, oversized.body.message]).toEqual([
        502,
        expect.stringMatching(/answer is larger than 1024 KiB/),
      ]);

      const trickle = await serve((_request, response) => {
        response.writeHead(200, { 'content-type': 'application/soap+xml' });
        const timer = setInterval(() => response.write(' '), 200);
        response.on('close', () => clearInterval(timer));
      });
      const slow = await postJson(app, '/onvif/profiles', {
        address: `127.0.0.1:${trickle}`,
        username: USER,
        password: PASSWORD,
      });
      expect([slow.status, slow.body.message]).toEqual([
        504,
        `the device at 127.0.0.1:${trickle} did not finish answering within 1.5 s`,
      ]);
    } finally {
      limits.limits = PROFILE_READ_LIMITS;
      for (const server of servers) server.closeAllConnections();
      await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
    }
    // The server is still well and the device still readable.
    expect((await getJson(app, '/health')).status).toBe(200);
  });

  it('lists only well-formed probe matches while a hostile device answers garbage', async () => {
    const hostile: Socket = createSocket({ type: 'udp4', reuseAddr: true });
    await new Promise<void>((resolve) => hostile.bind(DISCOVERY_PORT, resolve));
    hostile.addMembership(DISCOVERY_GROUP, '127.0.0.1');
    const answers = [
      'not xml at all',
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><Envelope><Body><ProbeMatches>&lol2;</ProbeMatches></Body></Envelope>',
      '<Envelope><Body><ProbeMatches><ProbeMatch><EndpointReference><Address>urn:a</Address></EndpointReference></ProbeMatch><ProbeMatch><EndpointReference><Address>urn:b</Address></EndpointReference></ProbeMatch></ProbeMatches></Body></Envelope>',
      `<Envelope><Body><ProbeMatches><ProbeMatch><EndpointReference><Address>urn:uuid:hostile</Address></EndpointReference><XAddrs>javascript:alert(1) file:///etc/passwd</XAddrs><Scopes>onvif://www.onvif.org/name/${'x'.repeat(4000)}</Scopes></ProbeMatch></ProbeMatches></Body></Envelope>`,
      '<Envelope><Body><__proto__><polluted>yes</polluted></__proto__></Body></Envelope>',
      `<Envelope><Body><ProbeMatches>${'<a>'.repeat(20000)}</ProbeMatches></Body></Envelope>`,
    ];
    hostile.on('message', (message, from) => {
      if (!message.toString().includes('Probe>') && !message.toString().includes('Probe ')) return;
      for (const answer of answers) hostile.send(answer, from.port, from.address);
    });
    try {
      const { status, body } = await discover();
      expect(status).toBe(200);
      expect(body.devices.map((d) => d.endpoint)).toContain(device.endpoint);
      const odd = body.devices.find((d) => d.endpoint === 'urn:uuid:hostile');
      expect(odd).toMatchObject({ xaddrs: [], name: null, port: 80 });
      expect(body.devices.map((d) => d.endpoint)).not.toContain('urn:a');
      expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    } finally {
      hostile.close();
    }
  });
});
