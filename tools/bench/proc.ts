// CPU, RSS and PSS of a process tree, read from /proc (Linux).
import { readdirSync, readFileSync } from 'node:fs';

const CLOCK_TICKS_PER_S = 100;

export interface ProcStat {
  ppid: number;
  /** utime + stime of the process itself. */
  ownTicks: number;
  /** cutime + cstime: children it has reaped. */
  reapedTicks: number;
}

/** CPU ticks of `pid` (its own, and those of its reaped children) and its parent. */
export function readStat(pid: number): ProcStat {
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
export function descendants(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const { ppid } = readStat(Number(name));
      const siblings = children.get(ppid) ?? [];
      siblings.push(Number(name));
      children.set(ppid, siblings);
    } catch {
      // exited meanwhile
    }
  }
  const all: number[] = [];
  const queue = [root];
  for (let pid = queue.shift(); pid !== undefined; pid = queue.shift()) {
    for (const child of children.get(pid) ?? []) {
      all.push(child);
      queue.push(child);
    }
  }
  return all;
}

/** The first number of the line `field` of a /proc file, in kB; 0 once the process is gone. */
function procKb(path: string, field: RegExp): number {
  try {
    return Number(field.exec(readFileSync(path, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

export const rssMb = (pid: number): number =>
  procKb(`/proc/${pid}/status`, /VmRSS:\s+(\d+)/) / 1024;

/**
 * Proportional set size: the process's private pages plus its share of pages it shares (the
 * ffmpeg libraries mapped by every ingest), so that a tree's sum counts each page once.
 */
const pssMb = (pid: number): number => procKb(`/proc/${pid}/smaps_rollup`, /^Pss:\s+(\d+)/m) / 1024;

export interface TreeUsage {
  /** CPU seconds of the tree so far, reaped children included. */
  cpuS: number;
  /** RSS of the root process. */
  rssMb: number;
  treeRssMb: number;
  treePssMb: number;
  processes: number;
}

/**
 * CPU seconds used so far by `pid` and all its descendants (live ones, plus the ones already
 * reaped, which the kernel adds to their parent's cutime/cstime), RSS of the root and of the
 * whole tree, and the tree's PSS.
 */
export function treeUsage(pid: number): TreeUsage {
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
export function ownCpuS(pid: number): number {
  return readStat(pid).ownTicks / CLOCK_TICKS_PER_S;
}

/** Ticks as CPU seconds. */
export const ticksToS = (ticks: number): number => ticks / CLOCK_TICKS_PER_S;

/** PIDs of the descendants of `root` whose command line matches `pattern`. */
export function descendantsMatching(root: number, pattern: RegExp): number[] {
  return descendants(root).filter((pid) => {
    try {
      return pattern.test(readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' '));
    } catch {
      return false;
    }
  });
}

export interface UsageWindow {
  /** CPU of the tree as % of one core. */
  cpu_percent: number;
  rss_mb: number;
  tree_rss_mb: number;
  processes: number;
}

/** CPU as % of one core and RSS of a tree over a window, from two `treeUsage` readings. */
export function usageBetween(before: TreeUsage, after: TreeUsage, seconds: number): UsageWindow {
  return {
    cpu_percent: Math.round(((after.cpuS - before.cpuS) / seconds) * 1000) / 10,
    rss_mb: Math.round(after.rssMb),
    tree_rss_mb: Math.round(after.treeRssMb),
    processes: after.processes,
  };
}
