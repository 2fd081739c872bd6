import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { postJson, waitFor } from '../../test-support/http';
import { WORKSPACE } from '../../test-support/server-from-sources';
import { isAlive } from '../../test-support/test-app';

const BUILT_SERVER = join(WORKSPACE, 'dist/apps/api/main.js');

/** Descendants of a process (children, grandchildren, …), from ps. */
function descendants(pid: number): number[] {
  const { stdout } = spawnSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' });
  const children = stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map(Number);
  return children.flatMap((child) => [child, ...descendants(child)]);
}

describe('npm start: the built server with its demo camera', () => {
  let server: ChildProcess;

  afterEach(() => {
    if (server?.exitCode === null) server.kill('SIGKILL');
  });

  it('starts the demo MJPEG camera, offers it in /health, opens it, and ends it on SIGTERM', async () => {
    expect(existsSync(BUILT_SERVER)).toBe(true); // npm test builds first
    const dir = mkdtempSync(join(tmpdir(), 'camrec-demo-'));
    const config = join(dir, 'config.json');
    writeFileSync(
      config,
      JSON.stringify({ port: 0, demo_camera: true, videos_dir: join(dir, 'videos') }),
    );
    server = spawn(process.execPath, [BUILT_SERVER], {
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
    const app = { baseUrl } as Parameters<typeof postJson>[0];

    const health = await (await fetch(`${baseUrl}/health`)).json();
    expect(health.demo_camera_url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mjpeg$/);
    expect(output).toContain(`demo MJPEG camera at ${health.demo_camera_url}`);
    const opened = await postJson(app, '/session/open', {
      url: health.demo_camera_url,
      name: 'Demo',
    });
    expect(opened.status).toBe(201);
    expect(opened.body.media.video).toMatchObject({ codec: 'mjpeg', width: 640, height: 360 });
    const page = await fetch(`${baseUrl}/`);
    expect(page.headers.get('content-type')).toContain('text/html');

    const tree = descendants(server.pid as number);
    expect(tree.length).toBeGreaterThanOrEqual(2); // the demo camera and its ffmpeg renderer
    server.kill('SIGTERM');
    // Nest closes the app on SIGTERM, then re-raises the signal to exit.
    const exit = await new Promise<{ code: number | null; signal: string | null }>((done) =>
      server.once('exit', (code, signal) => done({ code, signal })),
    );
    expect(exit.code === 0 || exit.signal === 'SIGTERM').toBe(true);
    expect(output).toContain(
      `session ${opened.body.session_id} closed: the server is shutting down`,
    );
    await waitFor(
      'every child to exit',
      async () => (tree.every((pid) => !isAlive(pid)) ? true : undefined),
      10_000,
    );
  });
});
