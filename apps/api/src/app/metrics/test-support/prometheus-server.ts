import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@camrec/process';

/** Debian's Prometheus (installed by `tools/setup.sh --with-test-deps`). */
export const PROMETHEUS_PATH = '/usr/bin/prometheus';

export interface PromSample {
  metric: Record<string, string>;
  value: [number, string];
}

export interface ScrapeTargetState {
  health: 'up' | 'down' | 'unknown';
  lastError: string;
  scrapeUrl: string;
}

/**
 * A real Prometheus on a free loopback port, with its configuration (and the files it names,
 * relative to it) and its data in a temporary folder. Started under `setpriv --pdeathsig KILL`
 * where there is one, so that it dies with the test process however that ends; `stop()` ends
 * it by its PID.
 */
export class PrometheusServer {
  private readonly output: string[] = [];
  private readonly exited: Promise<void>;

  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
    private readonly dir: string,
  ) {
    const keep = (chunk: Buffer) => this.output.push(chunk.toString());
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
  }

  get pid(): number {
    return this.child.pid ?? 0;
  }

  /** `files`: name → content, written beside the configuration (e.g. a credentials_file). */
  static async start(
    config: string,
    files: Record<string, string> = {},
  ): Promise<PrometheusServer> {
    const dir = mkdtempSync(join(tmpdir(), 'camrec-prometheus-'));
    const configFile = join(dir, 'prometheus.yml');
    writeFileSync(configFile, config);
    for (const [name, content] of Object.entries(files)) {
      writeFileSync(join(dir, name), content, { mode: 0o600 });
    }
    const port = await freePort();
    const args = [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ];
    const setpriv = '/usr/bin/setpriv';
    const child = existsSync(setpriv)
      ? spawn(setpriv, ['--pdeathsig', 'KILL', '--', PROMETHEUS_PATH, ...args], {
          stdio: ['ignore', 'pipe', 'pipe'],
        })
      : spawn(PROMETHEUS_PATH, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const server = new PrometheusServer(child, `http://127.0.0.1:${port}`, dir);
    await server.ready();
    return server;
  }

  /** An instant PromQL query through the HTTP API. */
  async query(promql: string): Promise<PromSample[]> {
    const body = await this.api(`/api/v1/query?query=${encodeURIComponent(promql)}`);
    return (body.data as { result: PromSample[] }).result;
  }

  async targets(): Promise<ScrapeTargetState[]> {
    const body = await this.api('/api/v1/targets?state=active');
    return (body.data as { activeTargets: ScrapeTargetState[] }).activeTargets;
  }

  /** SIGTERM by PID (SIGKILL after 10 s); resolves once it has exited, its folder removed. */
  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      process.kill(this.pid, 'SIGTERM');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
      await this.exited;
      clearTimeout(timer);
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async ready(): Promise<void> {
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) break;
      const ok = await fetch(`${this.url}/-/ready`).then(
        (response) => response.ok,
        () => false,
      );
      if (ok) return;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await this.stop();
    throw new Error(`Prometheus did not become ready:\n${this.output.join('')}`);
  }

  private async api(path: string): Promise<{ status: string; data: unknown }> {
    const response = await fetch(`${this.url}${path}`);
    const body = (await response.json()) as { status: string; data: unknown; error?: string };
    if (body.status !== 'success') throw new Error(`Prometheus ${path}: ${body.error}`);
    return body;
  }
}
