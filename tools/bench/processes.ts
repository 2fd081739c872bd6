// Every process the bench starts goes through here, so that all of them are stopped at the end
// (also on Ctrl+C or an error): simulated cameras, the production server, ffmpeg readers.
// The server's own launcher (@camrec/testing) keeps its list; `stopAll` stops those too.
import { type ChildProcess, type ChildProcessByStdio, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import {
  launchServer,
  type LaunchedServer,
  type ServerLaunch,
  stopEveryServer,
} from '@camrec/testing';

/** A child with its output piped (stdin too, or ignored). */
export type PipedChild = ChildProcessByStdio<Writable | null, Readable, Readable>;

const running = new Set<ChildProcess>();

function track<T extends ChildProcess>(child: T): T {
  running.add(child);
  child.on('exit', () => running.delete(child));
  return child;
}

/** A tracked child with stdout and stderr piped, stdin ignored. */
export function spawnTracked(
  command: string,
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv } = {},
): ChildProcessByStdio<null, Readable, Readable> {
  return track(spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: options.env }));
}

/** A tracked child with stdin, stdout and stderr piped. */
export function spawnPiped(
  command: string,
  args: readonly string[],
): ChildProcessByStdio<Writable, Readable, Readable> {
  return track(spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] }));
}

const hasExited = (child: ChildProcess): boolean =>
  child.exitCode !== null || child.signalCode !== null;

/** SIGTERM (the server finalises recordings on it), then SIGKILL after `graceMs`. */
export async function stopProcess(child: ChildProcess, graceMs = 15_000): Promise<void> {
  if (hasExited(child)) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const killer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(killer);
}

/** Waits up to `timeoutMs` for the process to exit by itself, then stops it. */
export async function finishProcess(child: ChildProcess, timeoutMs: number): Promise<void> {
  if (hasExited(child)) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const timedOut = new Promise((resolve) => setTimeout(resolve, timeoutMs).unref());
  await Promise.race([exited, timedOut]);
  await stopProcess(child, 2000);
}

export async function stopAll(): Promise<void> {
  await Promise.all([...[...running].map((child) => stopProcess(child)), stopEveryServer()]);
}

/** Resolves with the first match of `pattern` in the child's stdout (60 s at most by default). */
export function waitForLine(
  child: PipedChild,
  pattern: RegExp,
  what: string,
  timeoutMs = 60_000,
): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
    const timer = setTimeout(
      () => reject(new Error(`${what}: not ready in ${timeoutMs} ms`)),
      timeoutMs,
    );
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      const match = pattern.exec(line);
      if (match) {
        clearTimeout(timer);
        resolve(match);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited (${code}): ${stderr}`));
    });
  });
}

export interface StartedCamera {
  child: PipedChild;
  url: string;
}

/** A simulated camera from the built camera-sim CLI. */
export async function startCamera(args: readonly string[]): Promise<StartedCamera> {
  const child = spawnTracked(process.execPath, [
    'dist/apps/camera-sim/main.js',
    ...args,
    '--port',
    '0',
  ]);
  const [, url] = await waitForLine(
    child,
    /^camera-sim: \w+ camera at (\S+)/,
    `camera-sim ${args[0]}`,
  );
  return { child, url };
}

/**
 * The production server as every section measures it (through @camrec/testing's launcher):
 * no proxy, room for the scale section's sessions, warnings only in its log; `settings` add to
 * or override those (`videos_dir` keeps a folder beyond its stop).
 */
export function startServer(
  settings: Record<string, unknown> = {},
  options: Omit<ServerLaunch, 'settings'> = {},
): Promise<LaunchedServer> {
  return launchServer({
    ...options,
    settings: {
      proxy_mode: 'direct',
      max_sessions: 64,
      // The scale section opens 1 + 4 + 8 + 16 + 32 sessions from one client within minutes.
      open_rate_limit_per_min: 10_000,
      log_level: 'warn',
      ...settings,
    },
  });
}

/** The pid of a started child (throws for one that could not be spawned). */
export function pidOf(child: ChildProcess): number {
  if (child.pid === undefined) throw new Error(`${child.spawnfile}: not started`);
  return child.pid;
}
