import { DestroyRef } from '@angular/core';

/**
 * Runs `task` now and then every `intervalMs` after the previous run finished (never two at
 * once), skipping runs while the page is hidden. Stops with `destroyRef` or the returned
 * function.
 */
export function startPolling(
  task: () => Promise<unknown>,
  intervalMs: number,
  destroyRef?: DestroyRef,
): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;
  const run = async () => {
    if (stopped) return;
    if (!globalThis.document?.hidden) {
      try {
        await task();
      } catch {
        // The task records its own errors; polling simply goes on.
      }
    }
    if (!stopped) timer = setTimeout(run, intervalMs);
  };
  const stop = () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
  destroyRef?.onDestroy(stop);
  void run();
  return stop;
}
