import { spawnSync } from 'node:child_process';

/**
 * PIDs of the direct children of `parentPid` (this process by default) whose command line
 * matches `pattern`.
 */
export function childPidsMatching(pattern: RegExp, parentPid = process.pid): number[] {
  // ps exits 1 when there is no child at all; its output is what matters.
  const { stdout } = spawnSync('ps', ['-o', 'pid=,args=', '--ppid', String(parentPid)], {
    encoding: 'utf8',
  });
  return stdout
    .split('\n')
    .filter((line) => pattern.test(line))
    .map((line) => Number(line.trim().split(/\s+/)[0]));
}
