import { readdirSync, readFileSync } from 'node:fs';

/** Readings of a live process from /proc (Linux): what the soak and corpus reports track. */

export interface ProcessReading {
  at: number;
  rssMb: number;
  fds: number;
  /** Every descendant (children, grandchildren, …). */
  descendants: number[];
}

export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round((kb / 1024) * 10) / 10;
}

export function openDescriptors(pid: number): number {
  return readdirSync(`/proc/${pid}/fd`).length;
}

/** Parent of every process, from /proc/<pid>/stat (the field after the parenthesised name). */
function parents(): Map<number, number> {
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const afterName = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parentOf.set(Number(entry), Number(afterName[1]));
    } catch {
      // The process ended while we looked.
    }
  }
  return parentOf;
}

export function descendantsOf(pid: number): number[] {
  const parentOf = parents();
  const found: number[] = [];
  let frontier = [pid];
  while (frontier.length > 0) {
    const next = [...parentOf].filter(([, parent]) => frontier.includes(parent)).map(([p]) => p);
    found.push(...next);
    frontier = next;
  }
  return found;
}

/** A process's command line; null once it has ended. */
export function commandLineOf(pid: number | string): string | null {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return null;
  }
}

/** Every process's command line, to check that no camera password is visible in `ps`. */
export function allCommandLines(): string[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map(commandLineOf)
    .filter((line): line is string => line !== null);
}

export function readProcess(pid: number): ProcessReading {
  return {
    at: Date.now(),
    rssMb: rssMb(pid),
    fds: openDescriptors(pid),
    descendants: descendantsOf(pid),
  };
}
