import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startMjpegCamera, startRtspCamera, SimCamera } from '@camrec/testing/camera-sim';
import { freePort, isPidAlive } from '@camrec/process';
import { waitFor } from '@camrec/testing';
import { postJson as post } from '../../test-support/http';
import { serverMediaPids, startTestApp, TestApp } from '../../test-support/test-app';

describe('sessions through the HTTP API (booted app, simulated cameras)', () => {
  let app: TestApp;
  const cameras: SimCamera[] = [];
  const camera = async <T extends SimCamera>(started: Promise<T>): Promise<T> => {
    const cam = await started;
    cameras.push(cam);
    return cam;
  };

  afterEach(async () => {
    await app?.close();
    await Promise.all(cameras.splice(0).map((cam) => cam.stop()));
    // Nothing the server started may outlive it.
    expect(serverMediaPids()).toEqual([]);
  });
  const serverPids = () => serverMediaPids(cameras.flatMap((cam) => cam.pids()));

  describe('opening', () => {
    beforeEach(async () => {
      app = await startTestApp({ max_sessions: 5 });
    });

    it('opens an H.264 RTSP camera without audio and describes it', async () => {
      const cam = await camera(startRtspCamera({ codec: 'h264', audio: 'none' }));
      const { status, body } = await post(app, '/session/open', { url: cam.url, name: 'Porch' });
      expect(status).toBe(201);
      expect(body).toEqual({
        session_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        name: 'Porch',
        camera_id: null,
        stream: null,
        source_type: 'rtsp',
        source_url: cam.url,
        local_rtsp_url: null,
        proxy: 'direct',
        // proxy_mode auto without a MediaMTX binary (tests never download it).
        proxy_reason: expect.stringMatching(/^mediamtx: mediamtx not found on PATH nor in /),
        created_at: expect.any(String),
        media: {
          video: { codec: 'h264', width: 640, height: 360, fps: expect.any(Number) },
          audio: null,
        },
        insecure_tls: false,
      });
    });

    it.each(['tcp', 'udp'] as const)(
      'opens an RTSP camera that offers only %s transport',
      async (transports) => {
        const cam = await camera(startRtspCamera({ transports }));
        const { status, body } = await post(app, '/session/open', { url: cam.url });
        expect(status).toBe(201);
        expect(body.media.video).toMatchObject({ codec: 'h264', width: 640, height: 360 });
      },
    );

    it('opens an RTSP camera with AAC audio, copying it', async () => {
      const cam = await camera(startRtspCamera({ codec: 'h264', audio: 'aac' }));
      const { status, body } = await post(app, '/session/open', { url: cam.url });
      expect(status).toBe(201);
      expect(body.media.audio).toEqual({ codec: 'aac', source_codec: 'aac' });
    });

    it('opens an RTSP camera with G.711 audio, transcoding it to AAC', async () => {
      const cam = await camera(startRtspCamera({ codec: 'h264', audio: 'pcma' }));
      const { status, body } = await post(app, '/session/open', { url: cam.url });
      expect(status).toBe(201);
      expect(body.media.audio).toEqual({ codec: 'aac', source_codec: 'pcm_alaw' });
    });

    it('opens an H.265 RTSP camera', async () => {
      const cam = await camera(startRtspCamera({ codec: 'h265' }));
      const { status, body } = await post(app, '/session/open', { url: cam.url });
      expect(status).toBe(201);
      expect(body.media.video.codec).toBe('hevc');
    });

    it('opens an MJPEG camera', async () => {
      const cam = await camera(startMjpegCamera());
      const { status, body } = await post(app, '/session/open', { url: cam.url });
      expect(status).toBe(201);
      expect(body.source_type).toBe('mjpeg');
      expect(body.media.video).toMatchObject({ codec: 'mjpeg', width: 640, height: 360 });
    });

    it('returns the existing session (200) when the same URL is opened twice', async () => {
      const cam = await camera(startMjpegCamera());
      const first = await post(app, '/session/open', { url: cam.url });
      const second = await post(app, '/session/open', { url: cam.url });
      expect(first.status).toBe(201);
      expect(second.status).toBe(200);
      expect(second.body.session_id).toBe(first.body.session_id);
      expect((await (await fetch(`${app.baseUrl}/session/list`)).json()).sessions).toHaveLength(1);
    });
  });

  it('refuses to open beyond max_sessions with 409 naming the limit', async () => {
    app = await startTestApp({ max_sessions: 1 });
    const [a, b] = [await camera(startMjpegCamera()), await camera(startMjpegCamera())];
    expect((await post(app, '/session/open', { url: a.url })).status).toBe(201);
    const refused = await post(app, '/session/open', { url: b.url });
    expect(refused.status).toBe(409);
    expect(refused.body.message).toBe(
      'session limit reached: max_sessions is 1; close a session first',
    );
  });

  describe('verification failures', () => {
    beforeEach(async () => {
      app = await startTestApp({ verify_timeout_s: 2, verify_attempts: 1 });
    });

    it('names refused credentials (401), masking the password', async () => {
      const cam = await camera(
        startRtspCamera({ auth: { type: 'basic', user: 'admin', password: 'right' } }),
      );
      const url = cam.url.replace('rtsp://', 'rtsp://admin:wrong-secret@');
      const { status, body } = await post(app, '/session/open', { url });
      expect(status).toBe(502);
      expect(body.message).toMatch(/401|credentials/i);
      expect(JSON.stringify(body)).not.toContain('wrong-secret');
      expect(app.logs.join('\n')).not.toContain('wrong-secret');
    });

    it('names a path the camera does not have (404)', async () => {
      const cam = await camera(startRtspCamera());
      const { status, body } = await post(app, '/session/open', {
        url: cam.url.replace(/\/[^/]*$/, '/nope'),
      });
      expect(status).toBe(502);
      expect(body.message).toMatch(/404|not found/i);
    });

    it('names a refused connection', async () => {
      const closed = await freePort();
      const { status, body } = await post(app, '/session/open', {
        url: `rtsp://127.0.0.1:${closed}/stream`,
      });
      expect(status).toBe(502);
      expect(body.message).toMatch(/refused/i);
    });

    it('times out (504) on a camera that accepts and sends nothing', async () => {
      const cam = await camera(startRtspCamera({ silent: true }));
      const { status, body } = await post(app, '/session/open', { url: cam.url });
      expect(status).toBe(504);
      expect(body.message).toMatch(/did not deliver 10 frames within 2 s/);
    });

    it('refuses an http URL that is not an MJPEG stream with 422 naming the content type', async () => {
      const server = await htmlServer();
      try {
        const { status, body } = await post(app, '/session/open', {
          url: `http://127.0.0.1:${port(server)}/`,
        });
        expect(status).toBe(422);
        expect(body.message).toContain('text/html');
      } finally {
        server.close();
      }
    });
  });

  it('refuses hostile URLs with 400 before any process starts', async () => {
    app = await startTestApp();
    const hostile = [
      'file:///etc/passwd',
      'concat:/etc/passwd|/etc/hosts',
      'subfile,,start,0,end,10,,:/etc/passwd',
      'pipe:0',
      'data:text/plain;base64,aGk=',
      'tcp://127.0.0.1:22',
      'udp://127.0.0.1:5000',
      'gopher://127.0.0.1:70/',
      'rtsp://127.0.0.1/s -f lavfi -i testsrc',
      '/etc/passwd',
      'rtsp:127.0.0.1/stream',
      `rtsp://127.0.0.1/${'x'.repeat(2100)}`,
    ];
    for (const url of hostile) {
      const { status, body } = await post(app, '/session/open', { url });
      expect({ url, status }).toEqual({ url, status: 400 });
      expect(body.error).toBe('Bad Request');
      expect(body.message.length).toBeGreaterThan(10);
    }
    expect((await post(app, '/session/open', { url: 'rtsp://x/y', extra: 1 })).status).toBe(400);
    expect((await post(app, '/session/open', {})).status).toBe(400);
    expect(serverPids()).toEqual([]);
  });

  it('lists sessions with state and stats and masks credentials everywhere', async () => {
    app = await startTestApp();
    const cam = await camera(
      startMjpegCamera({ auth: { type: 'basic', user: 'viewer', password: 's3cret-pass' } }),
    );
    const url = cam.url.replace('http://', 'http://viewer:s3cret-pass@');
    const opened = await post(app, '/session/open', { url });
    expect(opened.status).toBe(201);
    expect(opened.body.source_url).toContain('viewer:***@');
    const list = await waitFor('frames counted', async () => {
      const body = await (await fetch(`${app.baseUrl}/session/list`)).json();
      return body.sessions[0]?.stats.frames_in > 10 ? body : undefined;
    });
    expect(list.max_sessions).toBe(3);
    expect(list.sessions[0]).toMatchObject({
      session_id: opened.body.session_id,
      state: 'active',
      recording: false,
      preview_active: false,
      viewers: 0,
      stats: {
        frames_in: expect.any(Number),
        fps: expect.any(Number),
        bitrate_kbps: expect.any(Number),
        reconnects: 0,
        uptime_s: expect.any(Number),
      },
    });
    expect(list.sessions[0].stats.fps).toBeGreaterThan(5);
    expect(JSON.stringify(list)).not.toContain('s3cret-pass');
    expect(app.logs.join('\n')).not.toContain('s3cret-pass');
  });

  it('reconnects after the camera is restarted: reconnecting, then active with frames again', async () => {
    app = await startTestApp();
    const first = await startRtspCamera();
    const opened = await post(app, '/session/open', { url: first.url });
    expect(opened.status).toBe(201);
    const sessionState = async () =>
      (await (await fetch(`${app.baseUrl}/session/list`)).json()).sessions[0] as {
        state: string;
        stats: { frames_in: number; reconnects: number };
      };

    await first.stop();
    await waitFor('reconnecting', async () =>
      (await sessionState()).state === 'reconnecting' ? true : undefined,
    );
    const framesWhileDown = (await sessionState()).stats.frames_in;

    await camera(startRtspCamera({ port: first.port }));
    const back = await waitFor(
      'active again with new frames',
      async () => {
        const state = await sessionState();
        return state.state === 'active' && state.stats.frames_in > framesWhileDown + 10
          ? state
          : undefined;
      },
      { timeoutMs: 60_000 },
    );
    expect(back.stats.reconnects).toBeGreaterThanOrEqual(1);
  });

  it('closes a session and ends its processes; an unknown id is 404', async () => {
    app = await startTestApp();
    const cam = await camera(startRtspCamera());
    const opened = await post(app, '/session/open', { url: cam.url });
    expect(serverPids()).toHaveLength(1);
    const closed = await post(app, '/session/close', { session_id: opened.body.session_id });
    expect(closed.status).toBe(200);
    expect(closed.body).toEqual({ session_id: opened.body.session_id, closed: true });
    expect(serverPids()).toEqual([]);
    expect((await (await fetch(`${app.baseUrl}/session/list`)).json()).sessions).toEqual([]);

    const unknown = await post(app, '/session/close', {
      session_id: '6f1c1b4e-1d2a-4c55-9a8e-0c1d2e3f4a5b',
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toBe('session 6f1c1b4e-1d2a-4c55-9a8e-0c1d2e3f4a5b not found');
    expect((await post(app, '/session/close', { session_id: 'not-a-uuid' })).status).toBe(400);
  });

  it('ends every ingest process on shutdown', async () => {
    app = await startTestApp();
    const cams = [await camera(startRtspCamera()), await camera(startMjpegCamera())];
    for (const cam of cams)
      expect((await post(app, '/session/open', { url: cam.url })).status).toBe(201);
    const pids = serverPids();
    expect(pids).toHaveLength(1);
    await app.close();
    for (const pid of pids) expect(isPidAlive(pid)).toBe(false);
  });
});

function htmlServer(): Promise<Server> {
  return new Promise((resolve) => {
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<html>not a camera</html>');
    });
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

function port(server: Server): number {
  return (server.address() as AddressInfo).port;
}
