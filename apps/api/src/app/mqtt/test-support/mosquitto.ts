import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@camrec/process';
import { sleep } from '@camrec/testing';

const MOSQUITTO = process.env['MOSQUITTO_PATH'] ?? '/usr/sbin/mosquitto';

export interface MosquittoOptions {
  /** One login; anonymous clients are refused then. */
  login?: { username: string; password: string };
  /** A port of an earlier broker (restarted on the same port). */
  port?: number;
}

/** A real Mosquitto on 127.0.0.1, started by a test from a generated config. */
export interface Mosquitto {
  port: number;
  /** mqtt://127.0.0.1:PORT */
  url: string;
  readonly pid: number;
  /** SIGKILL: the broker dies without a word (clients see the connection drop). */
  kill(): Promise<void>;
  /** Starts it again on the same port, from the same config (no retained message survives). */
  restart(): Promise<void>;
  /** Ends it (by PID) and removes its folder. */
  stop(): Promise<void>;
  /** Replaces the broker's one login, read again at once (SIGHUP); only with a `login` at start. */
  setLogin(login: { username: string; password: string }): Promise<void>;
  /** What it wrote on stderr. */
  log(): string;
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export async function startMosquitto(options: MosquittoOptions = {}): Promise<Mosquitto> {
  const dir = mkdtempSync(join(tmpdir(), 'camrec-mosquitto-'));
  const port = options.port ?? (await freePort());
  const lines = [
    `listener ${port} 127.0.0.1`,
    'persistence false',
    'log_dest stderr',
    // Run as root, Mosquitto would become user "mosquitto", who cannot read this folder.
    `user ${userInfo().username}`,
  ];
  const passwords = join(dir, 'passwords');
  if (options.login) {
    writePasswordFile(passwords, options.login);
    lines.push('allow_anonymous false', `password_file ${passwords}`);
  } else {
    lines.push('allow_anonymous true');
  }
  const config = join(dir, 'mosquitto.conf');
  writeFileSync(config, `${lines.join('\n')}\n`);
  let stderr = '';
  let child: ChildProcess;

  const launch = async () => {
    child = spawn(MOSQUITTO, ['-c', config], { stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const deadline = Date.now() + 10_000;
    while (!(await accepts(port))) {
      const gone = await Promise.race([exited.then(() => true), sleep(50).then(() => false)]);
      if (gone || Date.now() > deadline) {
        throw new Error(`mosquitto did not start on port ${port}: ${stderr.trim()}`);
      }
    }
  };
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    process.kill(child.pid as number, signal);
    await exited;
  };

  try {
    await launch();
  } catch (error) {
    // A broker that did not start has no stop() to remove its folder.
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    port,
    url: `mqtt://127.0.0.1:${port}`,
    get pid() {
      return child.pid as number;
    },
    kill: () => end('SIGKILL'),
    restart: launch,
    async stop() {
      await end('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
    async setLogin(login) {
      if (!options.login) throw new Error('setLogin: the broker was started without a login');
      writePasswordFile(passwords, login);
      const reloaded = stderr.length;
      process.kill(child.pid as number, 'SIGHUP');
      const deadline = Date.now() + 5000;
      while (!/Reloading config/i.test(stderr.slice(reloaded))) {
        if (Date.now() > deadline) throw new Error(`mosquitto did not reload: ${stderr.trim()}`);
        await sleep(20);
      }
    },
    log: () => stderr,
  };
}

/** Written in clear, then hashed in place: the password is on no command line. */
function writePasswordFile(file: string, login: { username: string; password: string }): void {
  writeFileSync(file, `${login.username}:${login.password}\n`, { mode: 0o600 });
  const hashed = spawnSync('mosquitto_passwd', ['-U', file], { encoding: 'utf8' });
  if (hashed.status !== 0) throw new Error(`mosquitto_passwd failed: ${hashed.stderr}`);
}
