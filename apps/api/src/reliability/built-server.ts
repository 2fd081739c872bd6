import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { WORKSPACE } from '../test-support/server-from-sources';

export const BUILT_SERVER = join(WORKSPACE, 'dist/apps/api/main.js');
/** The V8 flags every launcher starts the server with (README, "Node flags"). */
export const SERVER_NODE_FLAGS: string[] = JSON.parse(
  readFileSync(join(WORKSPACE, 'apps/api/node-flags.json'), 'utf8'),
);
const READY_TIMEOUT_MS = 60_000;

/**
 * The production build of the server (`node dist/apps/api/main.js`, as `npm start` runs it) in
 * its own folder: config.json, videos/ and whatever else it writes live under `root`, so that
 * anything it touches outside videos/ can be seen. Its output is kept for the log checks.
 */
export class BuiltServer {
  readonly output: string[] = [];
  exitedAt: number | null = null;

  private constructor(
    readonly child: ChildProcess,
    readonly root: string,
    readonly port: number,
    /** The inspector's WebSocket URL when started with `inspect` (see live-memory.ts). */
    readonly inspectorUrl: string | null,
  ) {
    child.once('exit', () => (this.exitedAt = Date.now()));
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get videosDir(): string {
    return join(this.root, 'videos');
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /**
   * Writes `root/config.json` (videos in `root/videos`) and starts the server there; with
   * `inspect`, its inspector listens on a free port of 127.0.0.1 for the memory checks.
   */
  static async start(
    root: string,
    settings: Record<string, unknown>,
    { inspect = false }: { inspect?: boolean } = {},
  ): Promise<BuiltServer> {
    if (!existsSync(BUILT_SERVER)) {
      throw new Error(`${BUILT_SERVER} is missing: run "npx nx build api" first (npm test does)`);
    }
    mkdirSync(root, { recursive: true });
    writeFileSync(
      join(root, 'config.json'),
      JSON.stringify({ port: 0, demo_camera: false, videos_dir: 'videos', ...settings }),
    );
    const inspectFlags = inspect ? ['--inspect=127.0.0.1:0'] : [];
    const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, ...inspectFlags, BUILT_SERVER], {
      cwd: root,
      env: { PATH: process.env['PATH'] },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output: string[] = [];
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`server did not start:\n${output.join('')}`)),
        READY_TIMEOUT_MS,
      );
      const onData = (chunk: Buffer) => {
        output.push(chunk.toString());
        const match = /is running: open https?:\/\/[^/]+:(\d+)\//.exec(output.join(''));
        if (match) {
          clearTimeout(timer);
          resolve(Number(match[1]));
        }
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`server exited (${code}) before it was ready:\n${output.join('')}`));
      });
    });
    const inspectorUrl = /Debugger listening on (ws:\/\/\S+)/.exec(output.join(''))?.[1] ?? null;
    if (inspect && !inspectorUrl) {
      child.kill('SIGKILL');
      throw new Error(`no inspector URL in the server's output:\n${output.join('')}`);
    }
    const server = new BuiltServer(child, root, port, inspectorUrl);
    server.output.push(...output);
    child.stdout?.on('data', (chunk: Buffer) => server.output.push(chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => server.output.push(chunk.toString()));
    return server;
  }

  async json<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : {}) as T };
  }

  /** SIGTERM, then waits; resolves with how long the exit took (ms). */
  async stop(timeoutMs = 30_000): Promise<number> {
    if (!this.running) return 0;
    const started = Date.now();
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    await exited;
    clearTimeout(timer);
    return Date.now() - started;
  }

  async kill9(): Promise<void> {
    if (!this.running) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGKILL');
    await exited;
  }
}
