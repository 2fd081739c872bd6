import { Agent } from 'node:http';
import axios, { AxiosInstance } from 'axios';

/**
 * A new connection per call. Node's default agent keeps connections alive, and a call that
 * reuses one just as the engine closes it for idleness fails with "socket hang up" (seen once
 * as a 503 on opening a session); on loopback a connection costs next to nothing.
 */
const oneConnectionPerCall = new Agent({ keepAlive: false });

/** The HTTP client of an engine's control API: loopback only, bounded in time, abortable. */
export function engineHttpClient(
  apiPort: number,
  signal?: AbortSignal,
  timeoutMs = 5000,
): AxiosInstance {
  return axios.create({
    baseURL: `http://127.0.0.1:${apiPort}`,
    timeout: timeoutMs,
    signal,
    httpAgent: oneConnectionPerCall,
  });
}
