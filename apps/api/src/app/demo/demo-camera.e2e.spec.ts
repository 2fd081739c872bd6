import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { SimCamera, startRtspCamera } from '@camrec/testing/camera-sim';
import { postJson, waitFor } from '../../test-support/http';
import { BUILT_SERVER, SERVER_NODE_FLAGS } from '../../reliability/built-server';
import { isPidAlive } from '@camrec/process';

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

interface BuiltServer {
  process: ChildProcess;
  baseUrl: string;
  output: () => string;
  demoCameraUrl: string;
}

/** `npm start`'s server (the production build) with its demo camera, in a temporary folder. */
async function startBuiltServer(): Promise<BuiltServer> {
  expect(existsSync(BUILT_SERVER)).toBe(true); // npm test builds first
  const dir = mkdtempSync(join(tmpdir(), 'camrec-demo-'));
  const config = join(dir, 'config.json');
  writeFileSync(
    config,
    JSON.stringify({ port: 0, demo_camera: true, videos_dir: join(dir, 'videos') }),
  );
  const server = spawn(process.execPath, [...SERVER_NODE_FLAGS, BUILT_SERVER], {
    cwd: dir,
    env: { PATH: process.env['PATH'], CAMREC_CONFIG: config },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  server.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  server.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const baseUrl = await waitFor(
    'the server to print its URL',
    async () => /is running: open (http:\/\/127\.0\.0\.1:\d+)\//.exec(output)?.[1],
  );
  const health = await (await fetch(`${baseUrl}/health`)).json();
  return { process: server, baseUrl, output: () => output, demoCameraUrl: health.demo_camera_url };
}

describe('npm start: the built server with its demo camera', () => {
  let server: BuiltServer | undefined;
  let camera: SimCamera | undefined;
  let tree: number[] = [];

  afterEach(async () => {
    if (server?.process.exitCode === null) server.process.kill('SIGKILL');
    for (const pid of tree.filter(isPidAlive)) process.kill(pid, 'SIGKILL');
    await camera?.stop();
    server = camera = undefined;
    tree = [];
  });

  it('starts the demo MJPEG camera, offers it in /health, opens it, and ends it on SIGTERM', async () => {
    server = await startBuiltServer();
    const { baseUrl, demoCameraUrl } = server;
    expect(demoCameraUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mjpeg$/);
    expect(server.output()).toContain(`demo MJPEG camera at ${demoCameraUrl}`);
    const app = { baseUrl } as Parameters<typeof postJson>[0];
    const opened = await postJson(app, '/session/open', { url: demoCameraUrl, name: 'Demo' });
    expect(opened.status).toBe(201);
    expect(opened.body.media.video).toMatchObject({ codec: 'mjpeg', width: 640, height: 360 });
    const page = await fetch(`${baseUrl}/`);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('<cr-root');

    tree = descendants(server.process.pid as number);
    expect(tree.length).toBeGreaterThanOrEqual(2); // the demo camera and its ffmpeg renderer
    server.process.kill('SIGTERM');
    // Nest closes the app on SIGTERM, then re-raises the signal to exit.
    const exit = await new Promise<{ code: number | null; signal: string | null }>((done) =>
      server?.process.once('exit', (code, signal) => done({ code, signal })),
    );
    expect(exit.code === 0 || exit.signal === 'SIGTERM').toBe(true);
    expect(server.output()).toContain(
      `session ${opened.body.session_id} closed: the server is shutting down`,
    );
    await waitFor(
      'every child to exit',
      async () => (tree.some(isPidAlive) ? undefined : true),
      10_000,
    );
  });

  it('leaves no child running a few seconds after kill -9 of the server', async () => {
    server = await startBuiltServer();
    const app = { baseUrl: server.baseUrl } as Parameters<typeof postJson>[0];
    camera = await startRtspCamera({ width: 320, height: 180 });
    const rtsp = await postJson(app, '/session/open', { url: camera.url });
    expect(rtsp.status).toBe(201);
    const demo = await postJson(app, '/session/open', { url: server.demoCameraUrl });
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

    const serverPid = server.process.pid as number;
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

    server.process.kill('SIGKILL');
    await waitFor(
      'every child to end after kill -9',
      async () => (tree.some(isPidAlive) ? undefined : true),
      5_000,
    ).catch(() => {
      throw new Error(`still running:\n${tree.filter(isPidAlive).map(commandLine).join('\n')}`);
    });
    viewer.terminate();
  });
});
