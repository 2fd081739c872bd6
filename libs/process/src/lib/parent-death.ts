import { execaSync } from 'execa';
import { findExecutable } from './find-executable';

/*
 * No child may outlive the server, however it dies. Which mechanism ends which child:
 *
 * - Server exits or crashes with an uncaught exception (every OS): execa's `cleanup` sends
 *   SIGTERM to each running child from the process's 'exit' handler.
 * - Server killed outright (SIGKILL, OOM killer), Linux: every child is started as
 *   `setpriv --pdeathsig KILL -- <command> …` (util-linux): the kernel kills it as soon as the
 *   server's thread that started it is gone (PR_SET_PDEATHSIG). This covers every child alike:
 *   ingest, MJPEG recorder, finaliser/thumbnail ffmpeg, JPEG preview decoders, ffprobe, the
 *   demo camera (whose own ffmpeg is started through this wrapper too, so it dies with the
 *   camera), and the proxy engines, which watch no pipe at all.
 * - Server killed outright, macOS and Windows (or Linux without setpriv): the pipes. A child
 *   reading its input from our stdin (MJPEG recorder, JPEG preview decoder, the snapshot
 *   decoder waiting for its next capture, the demo camera with `--exit-on-stdin-eof`) sees end
 *   of input and finishes; a child writing to our stdout (ingest, the demo camera's renderer
 *   writing to the camera) dies of EPIPE on its next write, or an ingest whose camera is silent
 *   at its read timeout. ffprobe and the finaliser/thumbnail ffmpeg read files or a camera with
 *   a timeout and end on their own within seconds. The proxy engines have no such tie: there,
 *   only a start-up sweep could find them.
 */

let setprivPath: string | null | undefined;

/** The command line that starts `command` so that it dies with this process, where possible. */
export function dieWithParent(
  command: string,
  args: readonly string[],
): { command: string; args: string[] } {
  const setpriv = setprivWithPdeathsig();
  const executable = setpriv && findExecutable(command);
  // An unknown command is started as given so that the spawn itself fails with ENOENT.
  if (!setpriv || !executable) return { command, args: [...args] };
  return { command: setpriv, args: ['--pdeathsig', 'KILL', '--', executable, ...args] };
}

/** setpriv, when this is Linux and its util-linux knows --pdeathsig (2.33+); asked once. */
function setprivWithPdeathsig(): string | null {
  if (setprivPath !== undefined) return setprivPath;
  const setpriv = process.platform === 'linux' ? findExecutable('setpriv') : null;
  const works =
    setpriv !== null &&
    String(execaSync(setpriv, ['--help'], { reject: false, timeout: 5000 }).stdout).includes(
      '--pdeathsig',
    );
  setprivPath = works ? setpriv : null;
  return setprivPath;
}
