import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { serverFromSources } from '../../../test-support/server-from-sources';

const READY_TIMEOUT_MS = 60_000;

/**
 * The API server in a child process, run from its TypeScript sources with ts-node
 * (transpile-only) and the workspace path aliases: a process that can really be killed -9.
 */
export class ServerProcess {
  private constructor(
    readonly child: ChildProcess,
    readonly baseUrl: string,
    readonly output: string[],
  ) {}

  static async start(configFile: string): Promise<ServerProcess> {
    const { args, options } = serverFromSources(configFile);
    const child = spawn(process.execPath, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    const output: string[] = [];
    const baseUrl = await new Promise<string>((resolveUrl, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`server did not start:\n${output.join('')}`)),
        READY_TIMEOUT_MS,
      );
      const onData = (chunk: Buffer) => {
        output.push(chunk.toString());
        const match = /is running: open (http:\/\/[\d.]+:\d+)\//.exec(output.join(''));
        if (match) {
          clearTimeout(timer);
          resolveUrl(match[1]);
        }
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`server exited (${code}) before it was ready:\n${output.join('')}`));
      });
    });
    return new ServerProcess(child, baseUrl, output);
  }

  /** PIDs of the server's direct children (its ffmpeg processes). */
  childPids(): number[] {
    const { stdout } = spawnSync('ps', ['-o', 'pid=', '--ppid', String(this.child.pid)], {
      encoding: 'utf8',
    });
    return stdout
      .split('\n')
      .map((line) => Number(line.trim()))
      .filter((pid) => pid > 0);
  }

  /** SIGKILL: no shutdown hook runs, nothing is finalised. */
  async kill9(): Promise<void> {
    const exited = new Promise((resolveExit) => this.child.once('exit', resolveExit));
    this.child.kill('SIGKILL');
    await exited;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolveExit) => this.child.once('exit', resolveExit));
    this.child.kill('SIGTERM');
    await exited;
  }
}
