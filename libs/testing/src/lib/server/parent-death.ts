import { spawnSync } from 'node:child_process';

let setprivPath: string | null | undefined;

/**
 * `command args` started so that the kernel SIGKILLs it when this process ends (Linux, through
 * util-linux's `setpriv --pdeathsig`, which execs the command: same pid, same command line).
 * The last resort behind every stop: a test that times out while its server starts, or a jest
 * worker or bench that is killed, must not leave a server running for good. The server's own
 * children then end with it, as they do when it is killed (libs/media's parent-death.ts).
 * Elsewhere the command is started as given.
 */
export function dyingWithThisProcess(
  command: string,
  args: readonly string[],
): { command: string; args: string[] } {
  const setpriv = setprivWithPdeathsig();
  if (!setpriv) return { command, args: [...args] };
  return { command: setpriv, args: ['--pdeathsig', 'KILL', '--', command, ...args] };
}

/** setpriv, when this is Linux and it knows --pdeathsig (util-linux 2.33+); asked once. */
function setprivWithPdeathsig(): string | null {
  if (setprivPath === undefined) {
    const help =
      process.platform === 'linux'
        ? spawnSync('setpriv', ['--help'], { encoding: 'utf8', timeout: 5000 })
        : null;
    setprivPath = help?.stdout?.includes('--pdeathsig') ? 'setpriv' : null;
  }
  return setprivPath;
}
