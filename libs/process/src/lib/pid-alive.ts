import { readFileSync } from 'node:fs';

/**
 * True while a process with this pid runs. A zombie (dead, not yet reaped by its parent or by
 * init) counts as gone: on Linux its state in /proc/PID/stat is Z.
 */
export function isPidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return process.platform !== 'linux';
  }
}
