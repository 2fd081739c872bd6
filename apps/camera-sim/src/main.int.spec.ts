import { ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { isPidAlive } from '@camrec/process';
import { childPidsMatching, waitFor } from '@camrec/testing';

const APP_ROOT = join(__dirname, '..');
// tsconfig-paths resolves @camrec/* aliases (it reads TS_NODE_PROJECT too).
const TS_NODE = ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register'];
const TS_NODE_ENV = { ...process.env, TS_NODE_PROJECT: join(APP_ROOT, 'tsconfig.lib.json') };

/** Runs TypeScript from the sources the way a developer does (`camera-sim` via ts-node). */
function runTs(args: string[]): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, [...TS_NODE, ...args], { env: TS_NODE_ENV, cwd: APP_ROOT });
}

function firstLine(child: ChildProcessWithoutNullStreams): Promise<string> {
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`exited with ${code}: ${stderr}`)));
  });
}

function exitOf(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

describe('camera-sim command line', () => {
  it('starts an MJPEG camera, prints its URL, serves it and stops cleanly on SIGTERM', async () => {
    const cli = runTs([join(__dirname, 'main.ts'), 'mjpeg', '--port', '0', '--size', '320x180']);
    const line = await firstLine(cli);
    const url = /^camera-sim: mjpeg camera at (http:\/\/127\.0\.0\.1:\d+\/)mjpeg$/.exec(line)?.[1];
    expect(url).toBeDefined();
    const snapshot = await fetch(`${url}snapshot.jpg`);
    expect(snapshot.headers.get('content-type')).toBe('image/jpeg');
    cli.kill('SIGTERM');
    expect(await exitOf(cli)).toBe(0);
  });

  it('with --exit-on-stdin-eof, stops cleanly when its parent closes stdin', async () => {
    const cli = runTs([
      join(__dirname, 'main.ts'),
      'mjpeg',
      '--port',
      '0',
      '--size',
      '320x180',
      '--exit-on-stdin-eof',
    ]);
    expect(await firstLine(cli)).toMatch(/^camera-sim: mjpeg camera at /);
    const renderers = childPidsMatching(/\S/, cli.pid as number);
    expect(renderers).toHaveLength(1);
    cli.stdin.end();
    expect(await exitOf(cli)).toBe(0);
    expect(renderers.some(isPidAlive)).toBe(false);
  });

  it('refuses bad arguments with a message and the usage', async () => {
    const cli = runTs([join(__dirname, 'main.ts'), 'mjpeg', '--fps', 'fast']);
    let stderr = '';
    cli.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    expect(await exitOf(cli)).toBe(2);
    expect(stderr).toMatch(/--fps must be a number[\s\S]*Usage:/);
  });

  it('leaves no process behind when the Node parent is killed with SIGKILL', async () => {
    const script = `
      const { startRtspCamera } = require('@camrec/testing/camera-sim');
      startRtspCamera({ width: 160, height: 90 }).then((camera) => console.log(JSON.stringify(camera.pids())));
    `;
    const parent = runTs(['-e', script]);
    const pids = JSON.parse(await firstLine(parent)) as number[];
    expect(pids).toHaveLength(2);
    expect(pids.every(isPidAlive)).toBe(true);
    parent.kill('SIGKILL');
    await exitOf(parent);
    await waitFor('the camera processes to end', () => !pids.some(isPidAlive), {
      timeoutMs: 5000,
      intervalMs: 100,
    });
  });
});
