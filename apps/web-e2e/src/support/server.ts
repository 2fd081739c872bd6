import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@camrec/proxy';
import { throwawayServerConfig } from './launch-options';
import { API_MAIN, API_NODE_FLAGS, WEB_INDEX, WORKSPACE_ROOT } from './paths';
import { waitFor } from '@camrec/testing';

export interface RunningServer {
  baseUrl: string;
  videosDir: string;
  pid: number;
  /** Everything the server wrote, for failure messages. */
  output(): string;
  /** ffmpeg/ffprobe processes the server runs right now. */
  mediaPids(): number[];
  /**
   * Stops the server (SIGTERM, as a service manager does) and starts it again on the same
   * port, config file and videos folder (so the same index of saved cameras): an open page
   * finds it at the same address. `pid` and `output()` follow the new process.
   */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Boots the production build (`node dist/apps/api/main.js`, which serves the built dashboard)
 * on a free port with a temporary config and videos folder (unless `settings.videos_dir` names
 * one, which is then left in place), and no demo camera.
 */
export async function startServer(settings: Record<string, unknown> = {}): Promise<RunningServer> {
  for (const file of [API_MAIN, WEB_INDEX]) {
    if (!existsSync(file)) {
      throw new Error(`${file} is missing: run \`npx nx run-many -t build --projects=api,web\``);
    }
  }
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'camrec-web-e2e-'));
  // A test that restarts the server on the same library passes its folder as `videos_dir`.
  const videosDir = (settings['videos_dir'] as string | undefined) ?? join(dir, 'videos');
  const configFile = join(dir, 'config.json');
  writeFileSync(configFile, JSON.stringify(throwawayServerConfig(port, videosDir, settings)));
  let child = spawnServer(configFile, port, videosDir);
  let output = '';
  const collect = (proc: ChildProcess) => {
    proc.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    proc.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  };
  collect(child);
  const baseUrl = `http://127.0.0.1:${port}`;
  const server: RunningServer = {
    baseUrl,
    videosDir,
    get pid() {
      return child.pid ?? -1;
    },
    output: () => output,
    mediaPids: () => childPids(child.pid ?? -1, /\bff(mpeg|probe)\b/),
    restart: async () => {
      await stopProcess(child);
      output += '\n--- restarted ---\n';
      child = spawnServer(configFile, port, videosDir);
      collect(child);
      await answersHealth(baseUrl, child, () => output);
    },
    stop: () => stopProcess(child).finally(() => rmSync(dir, { recursive: true, force: true })),
  };
  try {
    await answersHealth(baseUrl, child, () => output);
  } catch (error) {
    await server.stop();
    throw new Error(`${String(error)}\n${output}`);
  }
  return server;
}

function spawnServer(configFile: string, port: number, videosDir: string): ChildProcess {
  return spawn(process.execPath, [...API_NODE_FLAGS, API_MAIN], {
    cwd: WORKSPACE_ROOT,
    env: { ...process.env, CAMREC_CONFIG: configFile, PORT: String(port), VIDEOS_DIR: videosDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

async function answersHealth(
  baseUrl: string,
  child: ChildProcess,
  output: () => string,
): Promise<void> {
  await waitFor(
    'the server to answer /health',
    async () => {
      if (child.exitCode !== null) throw new Error(`server exited: ${output()}`);
      const response = await fetch(`${baseUrl}/health`).catch(() => null);
      return response?.ok;
    },
    { timeoutMs: 30_000 },
  );
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // The server finalises recordings on SIGTERM; it gets 15 s before SIGKILL.
  const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  child.kill('SIGTERM');
  await exited;
  clearTimeout(killer);
}

/** PIDs of `parent`'s direct children whose command line matches `pattern`. */
export function childPids(parent: number, pattern: RegExp): number[] {
  const { stdout } = spawnSync('ps', ['-o', 'pid=,args=', '--ppid', String(parent)], {
    encoding: 'utf8',
  });
  return stdout
    .split('\n')
    .filter((line) => pattern.test(line))
    .map((line) => Number(line.trim().split(/\s+/)[0]));
}
