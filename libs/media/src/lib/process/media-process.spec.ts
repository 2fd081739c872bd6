import { ChildProcessRegistry } from './child-process-registry';
import { MediaProcess } from './media-process';
import { runMediaCommand } from './run-media-command';
import { isPidAlive } from '../test-support/pid-alive';

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
      args: [
        '-e',
        "process.on('SIGTERM', () => {}); console.log('ready'); setInterval(() => {}, 1000)",
      ],
      registry,
    });
    // Wait until the handler is installed, else the default SIGTERM action would win.
    await new Promise((resolve) => child.stdout.once('data', resolve));
    const exit = await child.stop({ quitTimeoutMs: 100, termTimeoutMs: 300 });
    expect(exit.signal).toBe('SIGKILL');
    expect(isPidAlive(child.pid!)).toBe(false);
  });

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
