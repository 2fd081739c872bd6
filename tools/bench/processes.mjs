// Every process the bench starts goes through here, so that all of them are stopped at the end
// (also on Ctrl+C or an error); and the CPU/RSS of a process tree, read from /proc.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { sleep } from './stats.mjs';
import { freePort, throwawayServerConfig } from './ts-source.mjs';

export { freePort };

const CLOCK_TICKS_PER_S = 100;
/** The V8 flags every launcher starts the server with (README, "Node flags"). */
export const SERVER_NODE_FLAGS = JSON.parse(readFileSync('apps/api/node-flags.json', 'utf8'));
const running = new Set();

export function track(child) {
  running.add(child);
  child.on('exit', () => running.delete(child));
  return child;
}

export function spawnTracked(command, args, options = {}) {
  return track(spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options }));
}

/** SIGTERM (the server finalises recordings on it), then SIGKILL after `graceMs`. */
export async function stopProcess(child, graceMs = 15_000) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const killer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(killer);
}

/** Waits up to `timeoutMs` for the process to exit by itself, then stops it. */
export async function finishProcess(child, timeoutMs) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const timedOut = new Promise((resolve) => setTimeout(resolve, timeoutMs).unref());
  await Promise.race([exited, timedOut]);
  await stopProcess(child, 2000);
}

export async function stopAll() {
  await Promise.all([...running].map((child) => stopProcess(child)));
}

/** Resolves with the first match of `pattern` in the child's stdout (60 s at most by default). */
export function waitForLine(child, pattern, what, timeoutMs = 60_000) {
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr?.on('data', (chunk) => (stderr = (stderr + chunk).slice(-2000)));
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

/** A simulated camera from the built camera-sim CLI; resolves with `{ child, url }`. */
export async function startCamera(args) {
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

/** The production server on 127.0.0.1 with a temporary config and videos folder. */
export async function startServer(settings = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'camrec-bench-'));
  const port = await freePort();
  const videosDir = join(dir, 'videos');
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
  const child = spawnTracked(process.execPath, [...SERVER_NODE_FLAGS, 'dist/apps/api/main.js'], {
    env: { ...process.env, CAMREC_CONFIG: config },
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output = (output + chunk).slice(-4000)));
  child.stderr.on('data', (chunk) => (output = (output + chunk).slice(-4000)));
  const baseUrl = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`server exited: ${output}`);
    if ((await fetch(`${baseUrl}/health`).catch(() => null))?.ok) break;
    if (i > 300) throw new Error(`server not up after 30 s: ${output}`);
    await sleep(100);
  }
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

/** CPU ticks of `pid` (its own, and those of its reaped children) and its parent. */
export function readStat(pid) {
  const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state): utime=14, stime=15, cutime=16, cstime=17, ppid=4.
  return {
    ppid: Number(fields[1]),
    ownTicks: Number(fields[11]) + Number(fields[12]),
    reapedTicks: Number(fields[13]) + Number(fields[14]),
  };
}

/** PIDs of every process below `root`. */
export function descendants(root) {
  const children = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const { ppid } = readStat(Number(name));
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(name));
    } catch {
      // exited meanwhile
    }
  }
  const all = [];
  const queue = [root];
  while (queue.length) {
    const pid = queue.shift();
    for (const child of children.get(pid) ?? []) {
      all.push(child);
      queue.push(child);
    }
  }
  return all;
}

export function rssMb(pid) {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;
  } catch {
    return 0;
  }
}

/**
 * Proportional set size: the process's private pages plus its share of pages it shares (the
 * ffmpeg libraries mapped by every ingest), so that a tree's sum counts each page once.
 */
function pssMb(pid) {
  try {
    return (
      Number(/^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))[1]) / 1024
    );
  } catch {
    return 0;
  }
}

/**
 * CPU seconds used so far by `pid` and all its descendants (live ones, plus the ones already
 * reaped, which the kernel adds to their parent's cutime/cstime), RSS of the root and of the
 * whole tree, and the tree's PSS.
 */
export function treeUsage(pid) {
  const root = readStat(pid);
  let ticks = root.ownTicks + root.reapedTicks;
  let treeRss = rssMb(pid);
  let treePss = pssMb(pid);
  const pids = descendants(pid);
  for (const child of pids) {
    try {
      const stat = readStat(child);
      ticks += stat.ownTicks + stat.reapedTicks;
      treeRss += rssMb(child);
      treePss += pssMb(child);
    } catch {
      // exited meanwhile: counted in its parent's cutime once reaped
    }
  }
  return {
    cpuS: ticks / CLOCK_TICKS_PER_S,
    rssMb: rssMb(pid),
    treeRssMb: treeRss,
    treePssMb: treePss,
    processes: pids.length + 1,
  };
}

/** CPU seconds used so far by `pid` alone (not its children). */
export function ownCpuS(pid) {
  return readStat(pid).ownTicks / CLOCK_TICKS_PER_S;
}

/** PIDs of the descendants of `root` whose command line matches `pattern`. */
export function descendantsMatching(root, pattern) {
  return descendants(root).filter((pid) => {
    try {
      return pattern.test(readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' '));
    } catch {
      return false;
    }
  });
}

/** CPU as % of one core and RSS of a tree over a window, from two `treeUsage` readings. */
export function usageBetween(before, after, seconds) {
  return {
    cpu_percent: Math.round(((after.cpuS - before.cpuS) / seconds) * 1000) / 10,
    rss_mb: Math.round(after.rssMb),
    tree_rss_mb: Math.round(after.treeRssMb),
    processes: after.processes,
  };
}
