import { type ChildProcessByStdio, spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import { dieWithParent } from '@camrec/process';
import type { ServerCommand } from './server-command';

/** How a server's process ended. */
export interface ServerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** From the signal sent to the exit, ms; 0 when it had already exited. */
  stopMs: number;
}

type Ended = Omit<ServerExit, 'stopMs'>;

/** One run of the server: its process, its output as it comes, its exit. */
export class ServerChild {
  readonly process: ChildProcessByStdio<null, Readable, Readable>;
  private ended: Ended | null = null;
  /** Resolves when the process has exited (or could not start). */
  readonly exited: Promise<Ended>;
  private readonly outputRead: Promise<void>;

  constructor(command: ServerCommand, onOutput: (text: string) => void, echo: boolean) {
    const { command: file, args } = dieWithParent(process.execPath, command.args);
    this.process = spawn(file, args, {
      cwd: command.cwd,
      env: command.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const stream of [this.process.stdout, this.process.stderr]) {
      stream.setEncoding('utf8');
      stream.on('data', onOutput);
    }
    if (echo) {
      this.process.stdout.pipe(process.stdout, { end: false });
      this.process.stderr.pipe(process.stderr, { end: false });
    }
    this.exited = new Promise((resolve) => {
      const end = (ended: Ended) => resolve((this.ended ??= ended));
      this.process.once('exit', (code, signal) => end({ code, signal }));
      this.process.on('error', () => {
        // Not started at all: no 'exit' follows.
        if (this.process.pid === undefined) end({ code: null, signal: null });
      });
    });
    this.outputRead = new Promise((resolve) => this.process.once('close', () => resolve()));
  }

  get pid(): number {
    return this.process.pid ?? -1;
  }

  get running(): boolean {
    return this.ended === null;
  }

  /**
   * Sends `signal` (SIGKILL after `graceMs` if it is still running then) and resolves once the
   * process has exited and its output has been read.
   */
  async end(signal: 'SIGTERM' | 'SIGKILL', graceMs: number): Promise<ServerExit> {
    const wasRunning = this.running;
    const started = Date.now();
    const killer = wasRunning ? setTimeout(() => this.process.kill('SIGKILL'), graceMs) : null;
    if (wasRunning) this.process.kill(signal);
    const ended = await this.exited;
    // Until the exit: the output read below is the test's own wait.
    const stopMs = wasRunning ? Date.now() - started : 0;
    if (killer) clearTimeout(killer);
    // The last lines may still be in the pipes; a grandchild that kept them open must not
    // hold the stop, hence the bound.
    await new Promise<void>((resolve) => {
      const bound = setTimeout(resolve, 1000);
      void this.outputRead.then(() => {
        clearTimeout(bound);
        resolve();
      });
    });
    return { ...ended, stopMs };
  }
}
