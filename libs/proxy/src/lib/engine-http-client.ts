import axios, { AxiosInstance } from 'axios';

/** The HTTP client of an engine's control API: loopback only, bounded in time, abortable. */
export function engineHttpClient(
  apiPort: number,
  signal?: AbortSignal,
  timeoutMs = 5000,
): AxiosInstance {
  return axios.create({ baseURL: `http://127.0.0.1:${apiPort}`, timeout: timeoutMs, signal });
}
