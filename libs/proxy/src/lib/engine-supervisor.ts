import type { ProxyEngineName } from '@camrec/shared-types';
import { ChildProcessRegistry, maskCredentials, MediaProcess } from '@camrec/process';
import { createInterface } from 'node:readline';

export type EngineLogLevel = 'debug' | 'info' | 'warn' | 'error';
export type EngineLogger = (level: EngineLogLevel, message: string) => void;
export type SupervisorState = 'stopped' | 'starting' | 'running' | 'failed';

export interface EngineSupervisorOptions {
  name: ProxyEngineName;
  binary: string;
  /** Arguments (the config file's path): never credentials. */
  args: string[];
  /** Resolves once the engine's API answers. */
  probe: () => Promise<void>;
  /**
   * After a restart: put back what the engine served (paths, streams). The engine counts as
   * running only once this is done.
   */
  onRestarted: () => Promise<void>;
  /** The engine died and could not be restarted: its sessions must do without it. */
  onRestartFailed: (reason: string) => void;
  registry?: ChildProcessRegistry;
  log: EngineLogger;
  readyTimeoutMs?: number;
  restartInitialDelayMs?: number;
  restartMaxDelayMs?: number;
}

export class EngineStartError extends Error {}

/**
 * Runs one engine binary: started on first need, its output relayed to our log with
 * credentials masked, restarted with doubling delays when it dies, ended on stop().
 */
export class EngineSupervisor {
  private process: MediaProcess | null = null;
  private starting: Promise<void> | null = null;
  private stopped = false;
  private currentState: SupervisorState = 'stopped';
  private lastError: string | undefined;
  private restartTimer: NodeJS.Timeout | null = null;
  private restartAttempt = 0;
  /** Set when the engine died: its next launch puts back what it served. */
  private serveAgain = false;

  constructor(private readonly options: EngineSupervisorOptions) {}

  get state(): SupervisorState {
    return this.currentState;
  }

  /** Why it is not running, in words. */
  get reason(): string | undefined {
    return this.lastError;
  }

  get pid(): number | undefined {
    return this.process?.running ? this.process.pid : undefined;
  }

  /** Idempotent; rejects with EngineStartError when the engine does not come up. */
  start(): Promise<void> {
    if (this.stopped)
      return Promise.reject(new EngineStartError(`${this.options.name} is stopped`));
    if (this.currentState === 'running') return Promise.resolve();
    this.starting ??= this.launch().finally(() => (this.starting = null));
    return this.starting;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    await this.starting?.catch(() => undefined);
    const process = this.process;
    this.process = null;
    this.currentState = 'stopped';
    await process?.stop({ quitTimeoutMs: 0, termTimeoutMs: 3000 });
  }

  private async launch(): Promise<void> {
    const { name } = this.options;
    this.currentState = 'starting';
    const process = MediaProcess.spawn({
      name,
      command: this.options.binary,
      args: this.options.args,
      registry: this.options.registry,
      onStderrLine: (line) => this.relay(line),
    });
    this.process = process;
    createInterface({ input: process.stdout }).on('line', (line) => this.relay(line));
    const exitedEarly = process.exited.then((exit) => {
      const tail = process.stderrTail().slice(-3).join(' | ');
      const how = exit.spawnError
        ? `cannot run ${this.options.binary}: ${exit.spawnError.message}`
        : `exited with ${exit.signal ?? `code ${exit.code}`}${tail ? `: ${tail}` : ''}`;
      throw new EngineStartError(`${name} ${how}`);
    });
    const probing = new AbortController();
    try {
      await Promise.race([this.waitForApi(probing.signal), exitedEarly]);
    } catch (error) {
      probing.abort();
      exitedEarly.catch(() => undefined);
      await process.stop({ quitTimeoutMs: 0, termTimeoutMs: 2000 });
      this.process = null;
      this.currentState = 'failed';
      this.lastError = maskCredentials((error as Error).message);
      throw new EngineStartError(this.lastError);
    }
    exitedEarly.catch(() => undefined);
    // A restarted engine serves nothing until it is told its paths again: until then it is not
    // "running" (health says "starting"), and a new publish waits in start() for this launch.
    if (this.serveAgain) {
      this.serveAgain = false;
      await this.options
        .onRestarted()
        .catch((error: unknown) =>
          this.options.log('warn', `${name}: after restart: ${(error as Error).message}`),
        );
    }
    this.currentState = 'running';
    this.lastError = undefined;
    this.restartAttempt = 0;
    this.options.log('info', `${name} running (pid ${process.pid})`);
    void process.exited.then((exit) => this.onExit(process, exit.signal ?? `code ${exit.code}`));
  }

  /** Polls the API until it answers, the deadline passes or `signal` says the race is over. */
  private async waitForApi(signal: AbortSignal): Promise<void> {
    const deadline = Date.now() + (this.options.readyTimeoutMs ?? 10_000);
    let last = 'no answer';
    while (Date.now() < deadline && !signal.aborted) {
      try {
        await this.options.probe();
        return;
      } catch (error) {
        last = (error as Error).message;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new EngineStartError(
      `${this.options.name} API did not answer within ${this.options.readyTimeoutMs ?? 10_000} ms (${last})`,
    );
  }

  private onExit(process: MediaProcess, how: string): void {
    if (this.stopped || this.process !== process) return;
    this.process = null;
    this.currentState = 'starting';
    this.serveAgain = true;
    this.lastError = `${this.options.name} exited with ${how}; restarting`;
    this.options.log('warn', this.lastError);
    this.scheduleRestart();
  }

  private scheduleRestart(): void {
    const initial = this.options.restartInitialDelayMs ?? 1000;
    const max = this.options.restartMaxDelayMs ?? 30_000;
    const delay = Math.min(max, initial * 2 ** this.restartAttempt++);
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      if (this.stopped) return;
      this.start().catch((error: unknown) => {
        if (this.stopped) return;
        const reason = `${this.options.name} restart failed: ${(error as Error).message}`;
        this.options.log('warn', reason);
        this.options.onRestartFailed(reason);
        this.scheduleRestart();
      });
    }, delay);
  }

  private relay(line: string): void {
    const masked = maskCredentials(line);
    const level = / (ERR|WAR|ERROR|WRN) /.test(` ${masked} `) ? 'warn' : 'debug';
    this.options.log(level, `${this.options.name}: ${masked}`);
  }
}
