export interface WaitOptions {
  timeoutMs?: number;
  intervalMs?: number;
  /** What else a timeout names: the probe's own last answer (`undefined`) may say nothing. */
  lastSeen?: () => string;
}

/**
 * Polls `probe` until it returns something other than `undefined`/`false`, or fails with
 * `what` and the last value seen.
 */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  { timeoutMs = 30_000, intervalMs = 250, lastSeen }: WaitOptions = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      last = await probe();
      if (last !== undefined && last !== false) return last as T;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      const seen = lastSeen ? `; ${lastSeen()}` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last: ${String(last)}${seen}`); // prettier-ignore
    }
    await sleep(intervalMs);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
