import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { ChildProcessRegistry } from './child-process-registry';
import { MediaProcess } from './media-process';
import { runMediaCommand } from './run-media-command';
import { isPidAlive } from './pid-alive';

const WORKSPACE = resolve(__dirname, '../../../..');
const STUBBORN =
  "process.on('SIGTERM', () => {}); console.log('ready'); setInterval(() => {}, 1000)";

async function waitUntil(what: string, check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolveWait) => setTimeout(resolveWait, 50));
  }
}

const FFMPEG = 'ffmpeg';
const ENDLESS_OUTPUT = ['-hide_banner', '-re', '-f', 'lavfi', '-i', 'testsrc2=size=64x48:rate=10'];

describe('MediaProcess', () => {
  const registry = new ChildProcessRegistry();
  afterEach(async () => {
    await registry.stopAll();
    expect(registry.size).toBe(0);
  });

  it('registers the child while it runs and stops ffmpeg with q on stdin', async () => {
    const child = MediaProcess.spawn({
      name: 'endless',
      command: FFMPEG,
      args: [...ENDLESS_OUTPUT, '-f', 'mjpeg', 'pipe:1'],
      registry,
    });
    child.stdout.resume();
    expect(child.pid).toBeDefined();
    expect(registry.pids()).toEqual([child.pid]);
    expect(registry.list()[0]).toMatchObject({ name: 'endless', pid: child.pid });
    expect(child.running).toBe(true);

    const exit = await child.stop();
    // Exit code 0 (not a signal) proves the polite quit worked.
    expect(exit).toEqual({ code: 0, signal: null });
    expect(child.running).toBe(false);
    expect(registry.size).toBe(0);
    expect(isPidAlive(child.pid!)).toBe(false);
  });

  it('escalates to SIGTERM when the process ignores q', async () => {
    const child = MediaProcess.spawn({
      name: 'deaf',
      command: process.execPath,
      args: ['-e', 'setInterval(() => {}, 1000)'],
      registry,
    });
    const exit = await child.stop({ quitTimeoutMs: 200, termTimeoutMs: 2000 });
    expect(exit.signal).toBe('SIGTERM');
  });

  it('escalates to SIGKILL when the process ignores SIGTERM', async () => {
    const child = MediaProcess.spawn({
      name: 'stubborn',
      command: process.execPath,
      args: ['-e', STUBBORN],
      registry,
    });
    // Wait until the handler is installed, else the default SIGTERM action would win.
    await new Promise((resolve) => child.stdout.once('data', resolve));
    const exit = await child.stop({ quitTimeoutMs: 100, termTimeoutMs: 300 });
    expect(exit.signal).toBe('SIGKILL');
    expect(isPidAlive(child.pid!)).toBe(false);
  });

  it('kills a process that ignores SIGTERM forceKillAfterMs after stop() sent it', async () => {
    const child = MediaProcess.spawn({
      name: 'stubborn',
      command: process.execPath,
      args: ['-e', STUBBORN],
      registry,
      forceKillAfterMs: 300,
    });
    await new Promise((resolve) => child.stdout.once('data', resolve));
    const started = Date.now();
    const exit = await child.stop({ quitTimeoutMs: 0 });
    expect(exit.signal).toBe('SIGKILL');
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
  });

  it('ends the process when its AbortSignal aborts: SIGTERM, then SIGKILL', async () => {
    const polite = new AbortController();
    const deaf = MediaProcess.spawn({
      name: 'deaf',
      command: process.execPath,
      args: ['-e', 'setInterval(() => {}, 1000)'],
      registry,
      signal: polite.signal,
    });
    const stubbornAbort = new AbortController();
    const stubborn = MediaProcess.spawn({
      name: 'stubborn',
      command: process.execPath,
      args: ['-e', STUBBORN],
      registry,
      signal: stubbornAbort.signal,
      forceKillAfterMs: 300,
    });
    await new Promise((resolve) => stubborn.stdout.once('data', resolve));
    polite.abort();
    stubbornAbort.abort();
    expect((await deaf.exited).signal).toBe('SIGTERM');
    expect((await stubborn.exited).signal).toBe('SIGKILL');
  });

  it('hands stdout over as bytes, untouched', async () => {
    const child = MediaProcess.spawn({
      name: 'bytes',
      command: process.execPath,
      args: ['-e', 'process.stdout.write(Buffer.from([0xff, 0xd8, 0x00, 0x0a]))'],
    });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    await child.exited;
    expect(chunks.every(Buffer.isBuffer)).toBe(true);
    expect(Buffer.concat(chunks)).toEqual(Buffer.from([0xff, 0xd8, 0x00, 0x0a]));
  });

  it('keeps stdout for a reader that comes late, and holds the writer back meanwhile', async () => {
    const child = MediaProcess.spawn({
      name: 'counter',
      command: process.execPath,
      args: ['-e', 'for (let i = 0; i < 100000; i++) process.stdout.write(`${i}\\n`)'],
      registry,
    });
    await new Promise((resolveWait) => setTimeout(resolveWait, 500));
    // Far more than the pipes hold: the writer must still be waiting for us.
    expect(child.running).toBe(true);
    let text = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
    await child.exited;
    const lines = text.trim().split('\n');
    expect(lines).toHaveLength(100000);
    expect(lines[0]).toBe('0');
    expect(lines[99999]).toBe('99999');
  });

  it("sends one child's stdout into another's pipe3, past this process, and the reader sees its end", async () => {
    // Counts what arrives on its fd 3 and says so once that ends.
    const reader = MediaProcess.spawn({
      name: 'reader',
      command: process.execPath,
      args: [
        '-e',
        "let n = 0; require('fs').createReadStream(null, { fd: 3 }).on('data', (c) => (n += c.length)).on('end', () => console.log(n))",
      ],
      pipe3: true,
      registry,
    });
    let said = '';
    reader.stdout.setEncoding('utf8').on('data', (chunk: string) => (said += chunk));
    const writer = MediaProcess.spawn({
      name: 'writer',
      command: FFMPEG,
      args: ['-hide_banner', '-f', 'lavfi', '-i', 'testsrc2=size=64x48:rate=10', '-frames:v', '30', '-f', 'rawvideo', '-pix_fmt', 'yuv420p', 'pipe:1'], // prettier-ignore
      stdoutTo: reader.pipe3,
      registry,
    });
    const passedHere: Buffer[] = [];
    writer.stdout.on('data', (chunk: Buffer) => passedHere.push(chunk));
    expect((await writer.exited).code).toBe(0);
    // The reader ends only when it sees the end of its input: no copy of the writer's end is left open.
    expect((await reader.exited).code).toBe(0);
    expect(said.trim()).toBe(String(30 * 64 * 48 * 1.5));
    expect(passedHere).toEqual([]);
  });

  // PR_SET_PDEATHSIG through setpriv (parent-death.ts); a `sleep` watches no pipe, like the
  // proxy engines, so nothing else would end it.
  const linuxOnly = process.platform === 'linux' ? it : it.skip;
  linuxOnly(
    'ends a child that watches no pipe when its parent is killed with SIGKILL',
    async () => {
      const parent = spawn(
        process.execPath,
        [
          '-r',
          'ts-node/register/transpile-only',
          '-r',
          'tsconfig-paths/register',
          'libs/process/src/lib/test-support/orphaning-parent.ts',
          'sleep',
          '300',
        ],
        {
          cwd: WORKSPACE,
          env: { PATH: process.env['PATH'], TS_NODE_PROJECT: 'libs/process/tsconfig.lib.json' },
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      );
      const childPid = await new Promise<number>((resolveChild, reject) => {
        let output = '';
        parent.stdout?.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          const pid = /child (\d+)/.exec(output)?.[1];
          if (pid) resolveChild(Number(pid));
        });
        parent.once('exit', (code) => reject(new Error(`the parent exited (${code}): ${output}`)));
      });
      try {
        expect(isPidAlive(childPid)).toBe(true);
        parent.kill('SIGKILL');
        await waitUntil('the orphan to die', () => !isPidAlive(childPid), 3000);
      } finally {
        if (isPidAlive(childPid)) process.kill(childPid, 'SIGKILL');
      }
    },
  );

  it('reports a missing binary through exited, not by throwing', async () => {
    const child = MediaProcess.spawn({
      name: 'missing',
      command: '/nonexistent/ffmpeg',
      args: [],
      registry,
    });
    const exit = await child.exited;
    expect(exit.spawnError?.code).toBe('ENOENT');
    expect(registry.size).toBe(0);
    await expect(child.stop()).resolves.toBe(exit);
  });

  it('masks credentials in the command line and in the stderr tail', async () => {
    const url = 'rtsp://admin:s3cret@127.0.0.1:1/stream';
    const seen: string[] = [];
    const child = MediaProcess.spawn({
      name: 'refused',
      command: FFMPEG,
      args: ['-hide_banner', '-i', url],
      registry,
      onStderrLine: (line) => seen.push(line),
    });
    expect(child.commandLine).toContain('rtsp://admin:***@127.0.0.1:1/stream');
    expect(child.commandLine).not.toContain('s3cret');
    const exit = await child.exited;
    expect(exit.code).not.toBe(0);
    const tail = child.stderrTail().join('\n');
    expect(tail).toContain('admin:***@');
    expect(tail).toMatch(/Connection refused/);
    expect(tail + seen.join('\n')).not.toContain('s3cret');
  });

  it('keeps only the last lines of stderr', async () => {
    const child = MediaProcess.spawn({
      name: 'chatty',
      command: process.execPath,
      args: ['-e', 'for (let i = 0; i < 100; i++) console.error("line " + i)'],
      stderrTailLines: 5,
    });
    await child.exited;
    expect(child.stderrTail()).toEqual(['line 95', 'line 96', 'line 97', 'line 98', 'line 99']);
  });
});

describe('runMediaCommand', () => {
  it('collects stdout and stops a command that outlives its timeout', async () => {
    const registry = new ChildProcessRegistry();
    const started = Date.now();
    const result = await runMediaCommand({
      name: 'slow',
      // sh starts in milliseconds even on a loaded machine; exec leaves a single process.
      command: '/bin/sh',
      args: ['-c', 'printf partial; exec sleep 30'],
      registry,
      timeoutMs: 1000,
    });
    expect(result.timedOut).toBe(true);
    expect(result.stdout.toString()).toBe('partial');
    expect(Date.now() - started).toBeLessThan(5000);
    expect(registry.size).toBe(0);
  });
});
