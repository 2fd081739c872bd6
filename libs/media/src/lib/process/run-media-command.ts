import { MediaProcess, type MediaProcessOptions, type ProcessExit } from './media-process';

export interface RunMediaCommandOptions extends MediaProcessOptions {
  /** The process is stopped (SIGTERM, then SIGKILL) when it runs longer than this. */
  timeoutMs: number;
  /** stdout beyond this is discarded (default 4 MiB). */
  maxStdoutBytes?: number;
  /** Aborting stops the process; the result then reports `aborted`. */
  signal?: AbortSignal;
}

export interface MediaCommandResult {
  exit: ProcessExit;
  stdout: Buffer;
  stderrTail: string[];
  timedOut: boolean;
  aborted: boolean;
}

/** Runs a short-lived command (ffprobe, `ffmpeg -version`) to completion and collects stdout. */
export async function runMediaCommand(
  options: RunMediaCommandOptions,
): Promise<MediaCommandResult> {
  const maxStdoutBytes = options.maxStdoutBytes ?? 4 * 1024 * 1024;
  const child = MediaProcess.spawn(options);
  child.stdin.end();
  const chunks: Buffer[] = [];
  let bytes = 0;
  child.stdout.on('data', (chunk: Buffer) => {
    if (bytes >= maxStdoutBytes) return;
    chunks.push(chunk);
    bytes += chunk.length;
  });
  let timedOut = false;
  const stop = () => void child.stop({ quitTimeoutMs: 0, termTimeoutMs: 1000 });
  const timer = setTimeout(() => {
    timedOut = true;
    stop();
  }, options.timeoutMs);
  options.signal?.addEventListener('abort', stop);
  if (options.signal?.aborted) stop();
  const exit = await child.exited;
  clearTimeout(timer);
  options.signal?.removeEventListener('abort', stop);
  return {
    aborted: options.signal?.aborted ?? false,
    exit,
    stdout: Buffer.concat(chunks).subarray(0, maxStdoutBytes),
    stderrTail: child.stderrTail(),
    timedOut,
  };
}
