import { readdirSync, readFileSync } from 'node:fs';
import WebSocket from 'ws';
import { SimCamera, startRtspCamera } from '@camrec/testing/camera-sim';
import { postJson } from '../../test-support/http';
import { isPidAlive } from '@camrec/process';
import { launchServer, type LaunchedServer, waitFor } from '@camrec/testing';

/** Descendants of a process (children, grandchildren, …), from /proc/PID/task/TID/children. */
function descendants(pid: number): number[] {
  const children = readdirSync(`/proc/${pid}/task`, { withFileTypes: false }).flatMap((tid) => {
    try {
      return readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').split(' ');
    } catch {
      return []; // the thread or the process has just ended
    }
  });
  return children
    .filter((child) => child.trim() !== '')
    .map(Number)
    .flatMap((child) => [child, ...descendants(child)]);
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    return '';
  }
}

/** `npm start`'s server (the production build) with its demo camera, in a temporary folder. */
async function launchWithDemoCamera(): Promise<{ server: LaunchedServer; demoCameraUrl: string }> {
  const server = await launchServer({ settings: { demo_camera: true } });
  const health = await server.json<{ demo_camera_url: string }>('GET', '/health');
  return { server, demoCameraUrl: health.body.demo_camera_url };
}

describe('npm start: the built server with its demo camera', () => {
  let server: LaunchedServer | undefined;
  let camera: SimCamera | undefined;
  let tree: number[] = [];

  afterEach(async () => {
    await server?.kill9();
    await server?.stop();
    for (const pid of tree.filter(isPidAlive)) process.kill(pid, 'SIGKILL');
    await camera?.stop();
    server = camera = undefined;
    tree = [];
  });

  it('starts the demo MJPEG camera, offers it in /health, opens it, and ends it on SIGTERM', async () => {
    const launched = await launchWithDemoCamera();
    server = launched.server;
    const { baseUrl } = server;
    const { demoCameraUrl } = launched;
    expect(demoCameraUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mjpeg$/);
    expect(server.output()).toContain(`demo MJPEG camera at ${demoCameraUrl}`);
    const app = { baseUrl } as Parameters<typeof postJson>[0];
    const opened = await postJson(app, '/session/open', { url: demoCameraUrl, name: 'Demo' });
    expect(opened.status).toBe(201);
    expect(opened.body.media.video).toMatchObject({ codec: 'mjpeg', width: 640, height: 360 });
    const page = await fetch(`${baseUrl}/`);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('<cr-root');

    tree = descendants(server.pid);
    expect(tree.length).toBeGreaterThanOrEqual(2); // the demo camera and its ffmpeg renderer
    // Nest closes the app on SIGTERM, then re-raises the signal to exit.
    const exit = await server.stop();
    expect(exit.code === 0 || exit.signal === 'SIGTERM').toBe(true);
    expect(server.output()).toContain(
      `session ${opened.body.session_id} closed: the server is shutting down`,
    );
    await waitFor('every child to exit', async () => (tree.some(isPidAlive) ? undefined : true), {
      timeoutMs: 10_000,
    });
  });

  it('leaves no child running a few seconds after kill -9 of the server', async () => {
    const launched = await launchWithDemoCamera();
    server = launched.server;
    const app = { baseUrl: server.baseUrl } as Parameters<typeof postJson>[0];
    camera = await startRtspCamera({ width: 320, height: 180 });
    const rtsp = await postJson(app, '/session/open', { url: camera.url });
    expect(rtsp.status).toBe(201);
    const demo = await postJson(app, '/session/open', { url: launched.demoCameraUrl });
    expect(demo.status).toBe(201);
    const viewer = new WebSocket(
      `${server.baseUrl.replace('http', 'ws')}/stream?session_id=${rtsp.body.session_id}&format=jpeg`,
    );
    const firstPicture = new Promise((resolve) =>
      viewer.on('message', (_data, isBinary) => isBinary && resolve(true)),
    );
    viewer.on('error', () => undefined); // the server will die under it
    for (const session of [rtsp, demo]) {
      const started = await postJson(app, '/record/start', { session_id: session.body.session_id });
      expect(started.status).toBe(201);
    }
    await firstPicture;

    const serverPid = server.pid;
    const roles = [
      /camera-sim\/main\.js/, // the demo camera
      /^\S*ffmpeg .*-i rtsp:\/\//, // the RTSP camera's ingest
      /^\S*ffmpeg .*-i pipe:0 .*-c:v mjpeg /, // the JPEG preview decoder
      /^\S*ffmpeg .*-f matroska -i pipe:0 /, // the MJPEG recorder
    ];
    // A loaded machine may be restarting one of them (a reconnect) at this very moment.
    await waitFor('every kind of child to run', async () => {
      tree = descendants(serverPid);
      const commandLines = tree.map(commandLine);
      return roles.every((role) => commandLines.some((line) => role.test(line))) || undefined;
    }).catch(() => {
      throw new Error(`missing a child among:\n${tree.map(commandLine).join('\n')}`);
    });
    const demoCamera = tree.find((pid) => commandLine(pid).includes('camera-sim/main.js'));
    // …and one level further down, the demo camera's own ffmpeg renderer.
    expect(descendants(demoCamera as number).map(commandLine)).toEqual([
      expect.stringMatching(/^\S*ffmpeg .*-f lavfi/),
    ]);

    await server.kill9();
    await waitFor(
      'every child to end after kill -9',
      async () => (tree.some(isPidAlive) ? undefined : true),
      { timeoutMs: 5_000 },
    ).catch(() => {
      throw new Error(`still running:\n${tree.filter(isPidAlive).map(commandLine).join('\n')}`);
    });
    viewer.terminate();
  });
});
