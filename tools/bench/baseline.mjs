// Starting and driving the baseline harness (baseline-server.mjs) in its own process.
import { spawnTracked, stopProcess, waitForLine } from './processes.mjs';

export async function startBaseline({ previews, records, videosDir }) {
  const child = spawnTracked(process.execPath, [
    new URL('./baseline-server.mjs', import.meta.url).pathname,
    JSON.stringify({ previews, records, videosDir }),
  ]);
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-4000)));
  const [, port] = await waitForLine(child, /^READY (\d+)/, 'baseline harness');
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    pid: child.pid,
    /** What the harness and its ffmpeg processes reported (errors, early exits). */
    stderr: () => stderr,
    /** Stops recording `camera`; resolves with `{ file, ms }` once ffmpeg has closed the MP4. */
    stopRecording: async (camera) =>
      (await fetch(`${url}/stop?camera=${camera}`, { method: 'POST' })).json(),
    stop: () => stopProcess(child, 5000),
  };
}
