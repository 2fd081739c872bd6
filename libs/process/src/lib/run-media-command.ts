import { MediaProcess, type MediaProcessOptions, type ProcessExit } from './media-process';

export interface RunMediaCommandOptions extends MediaProcessOptions {
  /** The process is ended (SIGTERM, then SIGKILL) when it runs longer than this. */
  timeoutMs: number;
  /** stdout beyond this is discarded (default 4 MiB). */
  maxStdoutBytes?: number;
}

export interface MediaCommandResult {
  exit: ProcessExit;
  stdout: Buffer;
  stderrTail: string[];
  timedOut: boolean;
  /** The caller's `signal` ended the process. */
  aborted: boolean;
}

/** Runs a short-lived command (ffprobe, `ffmpeg -version`) to completion and collects stdout. */
export async function runMediaCommand(
  options: RunMediaCommandOptions,
): Promise<MediaCommandResult> {
  const maxStdoutBytes = options.maxStdoutBytes ?? 4 * 1024 * 1024;
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const child = MediaProcess.spawn({
    forceKillAfterMs: 1000,
    ...options,
    signal: options.signal ? AbortSignal.any([timeout, options.signal]) : timeout,
  });
  let timedOut = false;
  const onTimeout = () => (timedOut = child.running);
  timeout.addEventListener('abort', onTimeout, { once: true });
  child.stdin.end();
  const chunks: Buffer[] = [];
  let bytes = 0;
  child.stdout.on('data', (chunk: Buffer) => {
    if (bytes >= maxStdoutBytes) return;
    chunks.push(chunk);
    bytes += chunk.length;
  });
  const exit = await child.exited;
  // Node keeps a timeout signal that has an abort listener, and through the listener this
  // command (process, pipes, output), until the timeout fires: 10 minutes after a remux ended.
  timeout.removeEventListener('abort', onTimeout);
  return {
    aborted: options.signal?.aborted ?? false,
    exit,
    stdout: Buffer.concat(chunks).subarray(0, maxStdoutBytes),
    stderrTail: child.stderrTail(),
    timedOut,
  };
}
