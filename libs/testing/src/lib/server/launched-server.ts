import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '@camrec/process';
import { childPidsMatching } from '../process/child-pids';
import { untilAnswering } from './readiness';
import { ServerChild, type ServerExit } from './server-child';
import { serverCommand } from './server-command';
import { testServerConfig } from './server-config';
import { BUILT_DASHBOARD, BUILT_SERVER } from './workspace';

export interface ServerLaunch {
  /** Config keys over `testServerConfig`'s: `videos_dir`, `log_level`, `demo_camera`, … */
  settings?: Record<string, unknown>;
  /**
   * The server's folder: its config.json (and auth_token) and, unless `settings.videos_dir`
   * names another, its videos/; the built server runs there. A folder given is kept, so that a
   * later launch on it finds the same library; by default a temporary one that `stop()` removes.
   */
  dir?: string;
  /** Default: a free port of 127.0.0.1 (another one if it is taken before the server listens). */
  port?: number;
  /** More node flags after the launchers' own (e.g. --cpu-prof). */
  nodeArgs?: string[];
  /** The inspector on a free port of 127.0.0.1, at `inspectorUrl` (memory readings). */
  inspect?: boolean;
  /** How long it may take to answer HTTP (`untilAnswering`); default 60 s. */
  readyTimeoutMs?: number;
  /** How long `stop()` and `restart()` wait after SIGTERM before SIGKILL; default 15 s. */
  stopTimeoutMs?: number;
  /** Copy its output to this process's stdout and stderr as well. */
  echoOutput?: boolean;
}

/** A port found free may be taken before the server listens on it: that many ports are tried. */
const PORT_ATTEMPTS = 3;
/** Launched and not stopped yet, for `stopEveryServer`. */
const launched = new Set<LaunchedServer>();

/** Starts the server (`launchServer`) and resolves once it answers HTTP. */
export function launchServer(options: ServerLaunch = {}): Promise<LaunchedServer> {
  return LaunchedServer.launch(options);
}

/** Stops every server launched here and not stopped yet (the bench's clean-up on exit). */
export async function stopEveryServer(): Promise<void> {
  await Promise.all([...launched].map((server) => server.stop()));
}

/**
 * The API server in a child process of its own, on 127.0.0.1, with a config file of its own:
 * the one way the tests and the bench run it. Its output is kept; it can be restarted on the
 * same folder and port, stopped as a service manager stops it, or killed -9.
 */
export class LaunchedServer {
  private child!: ServerChild;
  private log = '';
  /** The inspector's WebSocket URL when launched with `inspect`. */
  inspectorUrl: string | null = null;
  /**
   * The access token a request needs when the server listens beyond loopback: the configured
   * one, else the one it stored beside its config file; null when there is none.
   */
  token: string | null = null;

  private constructor(
    private readonly options: ServerLaunch,
    /** See `ServerLaunch.dir`. */
    readonly dir: string,
    private readonly ownsDir: boolean,
    readonly port: number,
    readonly videosDir: string,
  ) {}

  static async launch(options: ServerLaunch): Promise<LaunchedServer> {
    requireBuild();
    const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'camrec-server-'));
    mkdirSync(dir, { recursive: true });
    const videosDir = resolve(dir, String(options.settings?.['videos_dir'] ?? 'videos'));
    for (let attempt = 1; ; attempt++) {
      const port = options.port ?? (await freePort());
      const server = new LaunchedServer(options, dir, options.dir === undefined, port, videosDir);
      // videos_dir resolved against `dir` here: the folder the caller reads is the one written.
      const settings = { ...options.settings, videos_dir: videosDir };
      writeFileSync(server.configFile, JSON.stringify(testServerConfig(port, videosDir, settings)));
      try {
        await server.run();
        launched.add(server);
        return server;
      } catch (error) {
        const portTaken = /EADDRINUSE/.test(server.output());
        if (!portTaken || options.port !== undefined || attempt === PORT_ATTEMPTS) {
          if (server.ownsDir) rmSync(dir, { recursive: true, force: true });
          throw error;
        }
      }
    }
  }

  get configFile(): string {
    return join(this.dir, 'config.json');
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The server's process id (the current run's): tests look at its children. */
  get pid(): number {
    return this.child.pid;
  }

  get running(): boolean {
    return this.child.running;
  }

  /** Everything the server wrote to stdout and stderr since its launch, restarts marked. */
  output(): string {
    return this.log;
  }

  /**
   * SIGTERM (as a service manager stops it), then a new run on the same config file, port and
   * videos folder: an open page finds it at the same address. `pid` follows the new process.
   */
  async restart(): Promise<void> {
    await this.child.end('SIGTERM', this.stopTimeoutMs);
    this.log += '\n--- restarted ---\n';
    await this.run();
  }

  /**
   * SIGTERM (recordings are finalised on it), SIGKILL if it still runs `stopTimeoutMs` later;
   * then a temporary folder is removed. Resolves with how it ended (its exit after a kill -9).
   */
  async stop(): Promise<ServerExit> {
    launched.delete(this);
    const exit = await this.child.end('SIGTERM', this.stopTimeoutMs);
    if (this.ownsDir) rmSync(this.dir, { recursive: true, force: true });
    return exit;
  }

  /** SIGKILL: no shutdown hook runs, nothing is finalised. */
  kill9(): Promise<ServerExit> {
    return this.child.end('SIGKILL', 0);
  }

  /** Pids of the server's direct children (ffmpeg, …), those whose command line matches if given. */
  childPids(pattern = /\S/): number[] {
    return childPidsMatching(pattern, this.pid);
  }

  /** A request with a JSON body (if any) and the token (if any); an empty answer reads `{}`. */
  async json<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.token) headers['authorization'] = `Bearer ${this.token}`;
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : {}) as T };
  }

  private get stopTimeoutMs(): number {
    return this.options.stopTimeoutMs ?? 15_000;
  }

  /** One run: spawned, answering HTTP, or killed and the reason thrown with its output. */
  private async run(): Promise<void> {
    const inspect = this.options.inspect ? ['--inspect=127.0.0.1:0'] : [];
    const command = serverCommand({
      configFile: this.configFile,
      nodeArgs: [...(this.options.nodeArgs ?? []), ...inspect],
    });
    const echo = this.options.echoOutput ?? false;
    this.child = new ServerChild(command, (text) => (this.log += text), echo);
    try {
      await untilAnswering(this.baseUrl, this.child, this.options.readyTimeoutMs ?? 60_000);
      this.inspectorUrl = this.options.inspect ? lastInspectorUrl(this.log) : null;
      this.token = this.readToken();
    } catch (error) {
      await this.child.end('SIGKILL', 0);
      throw new Error(`${(error as Error).message}; its output:\n${this.log}`);
    }
  }

  private readToken(): string | null {
    const configured = this.options.settings?.['auth_token'];
    if (typeof configured === 'string') return configured;
    const stored = join(this.dir, 'auth_token');
    return existsSync(stored) ? readFileSync(stored, 'utf8').trim() : null;
  }
}

function requireBuild(): void {
  for (const file of [BUILT_SERVER, BUILT_DASHBOARD]) {
    if (!existsSync(file)) {
      throw new Error(`${file} is missing: run \`npx nx run-many -t build --projects=api,web\``);
    }
  }
}

/** The inspector's URL in the output; the last one, as every run prints its own. */
function lastInspectorUrl(output: string): string {
  const url = [...output.matchAll(/Debugger listening on (ws:\/\/\S+)/g)].at(-1)?.[1];
  if (!url) throw new Error("no inspector URL in the server's output");
  return url;
}
