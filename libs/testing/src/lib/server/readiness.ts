import { sleep } from '../wait-for';
import type { ServerChild } from './server-child';

/**
 * What is asked until the server answers: a public route that only reads the request. Not
 * /health, whose first answer waits for `ffmpeg -version` and `ffprobe -version`: 0.3 s of CPU
 * and 0.2 s more per launch here, paid again by every one of the suite's 70-odd launches
 * whether or not its test reads /health.
 */
const READINESS_PATH = '/auth/status';

/**
 * Resolves once the server at `baseUrl` answers GET READINESS_PATH with a 200; fails as soon
 * as its process exits, or after `timeoutMs`. (Not the "is running" log line: a server launched
 * with log_level warn, as the bench's are, does not print it.)
 */
export async function untilAnswering(
  baseUrl: string,
  child: ServerChild,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!child.running) throw new Error(`the server exited before it answered ${READINESS_PATH}`);
    const answered = await answers(baseUrl, child);
    // Still running: not the answer of a server that took the port first (this one exits).
    if (answered && child.running) return;
    if (Date.now() > deadline)
      throw new Error(`the server did not answer ${READINESS_PATH} in ${timeoutMs} ms`);
    await sleep(100);
  }
}

/** One GET READINESS_PATH: true for a 200; false for anything else, 5 s of silence or an exit. */
async function answers(baseUrl: string, child: ServerChild): Promise<boolean> {
  const request = new AbortController();
  const timer = setTimeout(() => request.abort(), 5000);
  try {
    return await Promise.race([
      fetch(`${baseUrl}${READINESS_PATH}`, { signal: request.signal }).then(async (response) => {
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
