// Every process the bench starts goes through here, so that all of them are stopped at the end
// (also on Ctrl+C or an error): simulated cameras, the production server, ffmpeg readers.
import { type ChildProcess, type ChildProcessByStdio, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { freePort } from '@camrec/proxy';
import { throwawayServerConfig } from './launch-options';
import { sleep } from './stats';

export { freePort };

/** A child with its output piped (stdin too, or ignored). */
export type PipedChild = ChildProcessByStdio<Writable | null, Readable, Readable>;

/** The V8 flags every launcher starts the server with (README, "Node flags"). */
export const SERVER_NODE_FLAGS = JSON.parse(
  readFileSync('apps/api/node-flags.json', 'utf8'),
) as string[];
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
  await Promise.all([...running].map((child) => stopProcess(child)));
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

/** The production server, started by `startServer`. */
export interface BenchServer {
  child: PipedChild;
  pid: number;
  baseUrl: string;
  videosDir: string;
  /** Stops it (SIGTERM: recordings are finalised) and removes its temporary folder. */
  stop(): Promise<void>;
}

export interface ServerOptions {
  /** Its videos folder (left in place when it stops); default: one in its temporary folder. */
  videosDir?: string;
  /** More node flags, after the launchers' own (a V8 flag given here wins). */
  nodeArgs?: string[];
  /** Copy its output to the bench's own stdout (its log lines, e.g. under --cpu-prof). */
  echoOutput?: boolean;
  /** How long it may take to answer /health; default 30 s. */
  startTimeoutS?: number;
}

/** The production server on 127.0.0.1 with a temporary config and videos folder. */
export async function startServer(
  settings: Record<string, unknown> = {},
  options: ServerOptions = {},
): Promise<BenchServer> {
  const dir = mkdtempSync(join(tmpdir(), 'camrec-bench-'));
  const port = await freePort();
  const videosDir = options.videosDir ?? join(dir, 'videos');
  const config = join(dir, 'config.json');
  writeFileSync(
    config,
    JSON.stringify(
      throwawayServerConfig(port, videosDir, {
        proxy_mode: 'direct',
        max_sessions: 64,
        // The scale section opens 1 + 4 + 8 + 16 + 32 sessions from one client within minutes.
        open_rate_limit_per_min: 10_000,
        log_level: 'warn',
        ...settings,
      }),
    ),
  );
  const child = spawnTracked(
    process.execPath,
    [...SERVER_NODE_FLAGS, ...(options.nodeArgs ?? []), 'dist/apps/api/main.js'],
    { env: { ...process.env, CAMREC_CONFIG: config } },
  );
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  if (options.echoOutput) child.stdout.pipe(process.stdout);
  const baseUrl = `http://127.0.0.1:${port}`;
  const startTimeoutS = options.startTimeoutS ?? 30;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`server exited: ${output}`);
    if ((await fetch(`${baseUrl}/health`).catch(() => null))?.ok) break;
    if (i > startTimeoutS * 10)
      throw new Error(`server not up after ${startTimeoutS} s: ${output}`);
    await sleep(100);
  }
  if (child.pid === undefined) throw new Error('server: no pid');
  return {
    child,
    pid: child.pid,
    baseUrl,
    videosDir,
    stop: async () => {
      await stopProcess(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The pid of a started child (throws for one that could not be spawned). */
export function pidOf(child: ChildProcess): number {
  if (child.pid === undefined) throw new Error(`${child.spawnfile}: not started`);
  return child.pid;
}
