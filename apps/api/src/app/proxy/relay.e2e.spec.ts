import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import WebSocket from 'ws';
import { startMjpegCamera, startRtspCamera, SimCamera } from '@camrec/testing/camera-sim';
import { RtspRelay } from '@camrec/rtsp';
import { childPidsMatching, waitFor } from '@camrec/testing';
import { getJson, openSession, postJson } from '../../test-support/http';
import { serverMediaPids, startTestApp, TestApp } from '../../test-support/test-app';

/** A process's command line as `ps` shows it to anyone; empty once it has ended. */
function commandLineOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`).toString('utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}

/** Every process's command line (all users). */
function allCommandLines(): string[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((pid) => commandLineOf(Number(pid)));
}

/** A JPEG viewer, resolved once its first frame arrived (its decoder ffmpeg is running). */
function firstJpeg(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.on('message', (_data, isBinary) => isBinary && resolve(socket));
    socket.on('error', reject);
  });
}

function ffprobeStderr(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('ffprobe', ['-v', 'error', '-rtsp_transport', 'tcp', url]);
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', () => resolve(stderr));
  });
}

describe('camera passwords stay out of the process list (booted app)', () => {
  let app: TestApp;
  let cam: SimCamera;
  // Unique, so that no other test's camera can make this one pass or fail.
  const password = `relay-${randomBytes(8).toString('hex')}`;

  beforeAll(async () => {
    app = await startTestApp();
    cam = await startRtspCamera({ auth: { type: 'digest', user: 'admin', password } });
  });

  afterAll(async () => {
    await app?.close();
    await cam?.stop();
    expect(serverMediaPids(cam?.pids() ?? [])).toEqual([]);
  });

  it('reads an authenticated RTSP camera through the relay; no command line holds the password', async () => {
    const url = cam.url.replace('rtsp://', `rtsp://admin:${password}@`);
    const sessionId = await openSession(app, url);
    const framesIn = async () =>
      (await getJson(app, '/session/list')).body.sessions[0].stats.frames_in as number;
    const before = await framesIn();
    // Every process a session can have: ingest, recorder side, JPEG preview decoder.
    expect((await postJson(app, '/record/start', { session_id: sessionId })).status).toBe(201);
    const viewer = await firstJpeg(`${app.wsUrl}/stream?session_id=${sessionId}&format=jpeg`);

    const commandLines = allCommandLines();
    viewer.close();
    expect(commandLines.filter((line) => line.includes(password))).toEqual([]);
    // The scan did see this server's ingest, reading the relay, and its preview decoder (its
    // own children: tests beside it run ffmpeg through relays of their own).
    const own = childPidsMatching(/ffmpeg/).map(commandLineOf);
    const ingest = own.find((line) => /ffmpeg .*rtsp:\/\/127\.0\.0\.1:\d+\/relay-/.test(line));
    expect(ingest).toBeDefined();
    expect(own.some((line) => /ffmpeg .*-f mjpeg pipe:1/.test(line))).toBe(true);
    const relayPath = /\/relay-[0-9a-f]+/.exec(ingest as string)?.[0] as string;

    await waitFor('more frames', async () => ((await framesIn()) > before + 10 ? true : undefined));
    expect(allCommandLines().filter((line) => line.includes(password))).toEqual([]);

    expect((await postJson(app, '/record/stop', { session_id: sessionId })).status).toBe(200);
    const relay = app.app.get(RtspRelay);
    // One hop: the ingest reads the relay itself, nothing stands between them.
    expect(ingest).toContain(`rtsp://127.0.0.1:${relay.listeningPort}${relayPath}`);
    expect(relay.has(sessionId)).toBe(true);
    expect((await postJson(app, '/session/close', { session_id: sessionId })).status).toBe(200);
    expect(relay.has(sessionId)).toBe(false);
    const relayUrl = `rtsp://127.0.0.1:${relay.listeningPort}${relayPath}`;
    expect(await ffprobeStderr(relayUrl)).toMatch(/404 Not Found/);
  });

  it('records an authenticated MJPEG camera; no command line holds the password', async () => {
    const mjpeg = await startMjpegCamera({ auth: { type: 'digest', user: 'admin', password } });
    try {
      const url = mjpeg.url.replace('http://', `http://admin:${password}@`);
      const sessionId = await openSession(app, url);
      expect((await postJson(app, '/record/start', { session_id: sessionId })).status).toBe(201);
      // The H.264 encoder of the recording starts with the next frames: scan once it runs.
      await waitFor('the recording encoder', async () =>
        childPidsMatching(/ffmpeg .*libx264/).length ? true : undefined,
      );
      expect(allCommandLines().filter((line) => line.includes(password))).toEqual([]);
      expect((await postJson(app, '/record/stop', { session_id: sessionId })).status).toBe(200);
      await postJson(app, '/session/close', { session_id: sessionId });
    } finally {
      await mjpeg.stop();
    }
  });

  it('opens an authenticated camera that sends RTP only over UDP, through the relay', async () => {
    const udpCam = await startRtspCamera({
      transports: 'udp',
      auth: { type: 'basic', user: 'admin', password },
    });
    try {
      const url = udpCam.url.replace('rtsp://', `rtsp://admin:${password}@`);
      const { status, body } = await postJson(app, '/session/open', { url });
      expect(status).toBe(201);
      expect(body.media.video).toMatchObject({ codec: 'h264', width: 640, height: 360 });
      expect(allCommandLines().filter((line) => line.includes(password))).toEqual([]);
      await postJson(app, '/session/close', { session_id: body.session_id });
    } finally {
      await udpCam.stop();
    }
  });
});
