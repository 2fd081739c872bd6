import { sleep } from '../wait-for';
import type { ServerChild } from './server-child';

/**
 * Resolves once the server at `baseUrl` answers GET /health with a 200; fails as soon as its
 * process exits, or after `timeoutMs`. (Not the "is running" log line: a server launched with
 * log_level warn, as the bench's are, does not print it.)
 */
export async function untilHealthy(
  baseUrl: string,
  child: ServerChild,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!child.running) throw new Error('the server exited before it answered /health');
    const answered = await healthAnswered(baseUrl, child);
    // Still running: not the answer of a server that took the port first (this one exits).
    if (answered && child.running) return;
    if (Date.now() > deadline)
      throw new Error(`the server did not answer /health in ${timeoutMs} ms`);
    await sleep(100);
  }
}

/** One GET /health: true for a 200; false for anything else, 5 s of silence or an exit. */
async function healthAnswered(baseUrl: string, child: ServerChild): Promise<boolean> {
  const request = new AbortController();
  const timer = setTimeout(() => request.abort(), 5000);
  try {
    return await Promise.race([
      fetch(`${baseUrl}/health`, { signal: request.signal }).then(async (response) => {
        await response.arrayBuffer();
        return response.ok;
      }),
      child.exited.then(() => false),
    ]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
    // A listener that never answers (another program on the port) must not keep the socket.
    request.abort();
  }
}
