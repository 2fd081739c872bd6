import { execa, type ResultPromise } from 'execa';
import type { Socket } from 'node:net';
import { PassThrough, Readable, type Writable } from 'node:stream';
import { maskCredentials } from './credential-masker';
import type { ChildProcessRegistry } from './child-process-registry';
import { dieWithParent } from './parent-death';
import { StderrTail } from './stderr-tail';

export interface MediaProcessOptions {
  /** What the process is for, shown in the registry and logs, e.g. "ingest sess-1". */
  name: string;
  /** Path of the executable (ffmpeg, ffprobe). */
  command: string;
  args: readonly string[];
  registry?: ChildProcessRegistry;
  /** How many stderr lines to keep for error messages (default 40). */
  stderrTailLines?: number;
  /**
   * True when the process reads its media input from stdin (`-i pipe:0`): `stop()` then ends
   * stdin instead of typing `q`, which ffmpeg would read as data.
   */
  stdinIsInput?: boolean;
  /** Called with every stderr line, credentials already masked. */
  onStderrLine?: (line: string) => void;
  /** Aborting ends the process at once: SIGTERM, then SIGKILL after `forceKillAfterMs`. */
  signal?: AbortSignal;
  /** How long the process gets after SIGTERM before SIGKILL. Default 2000. */
  forceKillAfterMs?: number;
  /** Variables added to the environment: a secret goes here, never on the command line. */
  env?: NodeJS.ProcessEnv;
  /**
   * Opens one more pipe, the child's file descriptor 3 (`MediaProcess.pipe3`), for another
   * child to write into (its `stdoutTo`): bytes then go from one process to the other without
   * passing through this one.
   */
  pipe3?: boolean;
  /** Sends stdout into this pipe (another child's `pipe3`) instead of to `stdout`. */
  stdoutTo?: Socket;
}

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Set when the process could not be started at all (ENOENT, EACCES, …). */
  spawnError?: NodeJS.ErrnoException;
}

export interface StopOptions {
  /** How long ffmpeg gets to quit after `q` (or stdin EOF); 0 skips that step. Default 2000. */
  quitTimeoutMs?: number;
  /**
   * How long the process gets after SIGTERM before SIGKILL, when it should differ from the
   * `forceKillAfterMs` it was started with (SIGKILL then comes at the earlier of the two).
   */
  termTimeoutMs?: number;
}

type Subprocess = ResultPromise<{
  stdio: ['pipe', 'pipe' | Socket, 'pipe', ...'pipe'[]];
  buffer: false;
  reject: false;
}>;

/** After 'exit', how long to wait for the pipes to drain before resolving `exited` anyway. */
const CLOSE_GRACE_MS = 500;

/**
 * The one wrapper through which the server runs every child process (ffmpeg, ffprobe, the
 * demo camera, the proxy engines), on execa: pipes for stdin/stdout, a bounded and
 * credential-masked stderr tail, an `exited` promise that never rejects, cancellation by
 * AbortSignal, a `stop()` that escalates from a polite quit to SIGKILL, and children that die
 * with the server however it dies (see parent-death.ts).
 */
export class MediaProcess {
  readonly name: string;
  /** The command line with credentials masked. */
  readonly commandLine: string;
  readonly pid: number | undefined;
  readonly stdin: Writable;
  readonly stdout: Readable;
  /** This end of the child's file descriptor 3, with `pipe3`: give it to another child's `stdoutTo`. */
  readonly pipe3: Socket | undefined;
  /** Resolves once the process has exited (or failed to start). Never rejects. */
  readonly exited: Promise<ProcessExit>;

  private readonly child: Subprocess;
  private readonly cancel = new AbortController();
  private readonly tail: StderrTail;
  private exitResult: ProcessExit | null = null;
  private stopping: Promise<ProcessExit> | null = null;

  private constructor(private readonly options: MediaProcessOptions) {
    this.name = options.name;
    this.commandLine = maskCredentials([options.command, ...options.args].map(quoteArg).join(' '));
    this.tail = new StderrTail(options.stderrTailLines ?? 40, options.onStderrLine);
    const { command, args } = dieWithParent(options.command, options.args);
    this.child = execa(command, args, {
      stdio: [
        'pipe',
        options.stdoutTo ?? 'pipe',
        'pipe',
        ...(options.pipe3 ? ['pipe' as const] : []),
      ],
      // The caller reads stdout as a stream; nothing is collected in memory.
      buffer: false,
      // Failures are reported through `exited`, never as a rejection.
      reject: false,
      cancelSignal: options.signal
        ? AbortSignal.any([this.cancel.signal, options.signal])
        : this.cancel.signal,
      forceKillAfterDelay: options.forceKillAfterMs ?? 2000,
      cleanup: true,
      windowsHide: true,
      env: options.env,
    });
    this.pid = this.child.pid;
    // The child has its own copy now; with this one open, the reader would never see the end.
    options.stdoutTo?.destroy();
    this.stdin = this.child.stdin;
    this.pipe3 = options.pipe3 ? (this.child.stdio[3] as Socket) : undefined;
    // Only handed on (`stdoutTo`), never read or written here: its errors are the children's.
    this.pipe3?.on('error', () => undefined);
    const stdout = this.child.stdout;
    if (stdout) {
      // With `buffer: false` execa drains a stdout that nobody reads by the next tick. Piped
      // into our own stream, it waits for its reader as a plain pipe would, with backpressure.
      this.stdout = stdout.pipe(new PassThrough());
      // A reader that destroys stdout means to close the pipe (the writer then gets EPIPE).
      this.stdout.once('close', () => stdout.destroy());
      stdout.on('error', () => undefined);
    } else {
      // Sent to another process (`stdoutTo`): nothing comes here.
      this.stdout = Readable.from([]);
    }
    // A write after the process has gone (EPIPE) is expected during shutdown, not an error.
    this.child.stdin.on('error', () => undefined);
    this.child.stderr.setEncoding('utf8');
    this.child.stderr.on('data', (text: string) => this.tail.push(text));
    this.exited = this.watchExit();
  }

  static spawn(options: MediaProcessOptions): MediaProcess {
    return new MediaProcess(options);
  }

  get running(): boolean {
    return this.pid !== undefined && this.exitResult === null;
  }

  /** The last stderr lines, credentials masked. */
  stderrTail(): string[] {
    return this.tail.lines();
  }

  /**
   * Ends the process: `q` on stdin (ffmpeg finishes its output cleanly, and this works on
   * Windows where signals do not), then SIGTERM, then SIGKILL. Safe to call repeatedly.
   */
  stop(options: StopOptions = {}): Promise<ProcessExit> {
    if (this.exitResult) return Promise.resolve(this.exitResult);
    this.stopping ??= this.escalate(options.quitTimeoutMs ?? 2000, options.termTimeoutMs);
    return this.stopping;
  }

  private async escalate(
    quitTimeoutMs: number,
    termTimeoutMs: number | undefined,
  ): Promise<ProcessExit> {
    if (quitTimeoutMs > 0 && this.child.stdin.writable) {
      if (this.options.stdinIsInput) this.child.stdin.end();
      else this.child.stdin.write('q');
      if (await this.exitsWithin(quitTimeoutMs)) return this.exited;
    }
    // SIGTERM; execa follows with SIGKILL after `forceKillAfterMs`.
    this.cancel.abort();
    if (termTimeoutMs === undefined || (await this.exitsWithin(termTimeoutMs))) return this.exited;
    this.child.kill('SIGKILL');
    return this.exited;
  }

  private async exitsWithin(ms: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => (timer = setTimeout(resolve, ms, false)));
    const done = await Promise.race([this.exited.then(() => true), timeout]);
    clearTimeout(timer);
    return done;
  }

  private watchExit(): Promise<ProcessExit> {
    const unregister =
      this.pid !== undefined && this.options.registry
        ? this.options.registry.register({
            pid: this.pid,
            name: this.name,
            commandLine: this.commandLine,
            startedAt: Date.now(),
            stop: () => this.stop(),
          })
        : () => undefined;
    return new Promise<ProcessExit>((resolve) => {
      const finish = (result: ProcessExit) => {
        if (this.exitResult) return;
        this.exitResult = result;
        this.pipe3?.destroy();
        this.tail.flush();
        unregister();
        resolve(result);
      };
      this.child.once('error', (error: NodeJS.ErrnoException) => {
        // 'error' without a pid means the spawn itself failed; otherwise a kill failed and
        // the 'exit' event will still come.
        if (this.pid === undefined) finish({ code: null, signal: null, spawnError: error });
      });
      this.child.once('exit', (code, signal) => {
        unregister();
        // 'close' follows once stdout/stderr are drained; do not wait forever for a
        // consumer that stopped reading stdout.
        const timer = setTimeout(() => finish({ code, signal }), CLOSE_GRACE_MS);
        this.child.once('close', () => {
          clearTimeout(timer);
          finish({ code, signal });
        });
      });
    });
  }
}

function quoteArg(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
