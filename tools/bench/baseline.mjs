// Starting and driving the baseline harness (baseline-server.mjs) in its own process.
import { spawnTracked, stopProcess, waitForLine } from './processes.mjs';

export async function startBaseline({ previews, records, videosDir }) {
  const child = spawnTracked(
    process.execPath,
    [
      new URL('./baseline-server.mjs', import.meta.url).pathname,
      JSON.stringify({ previews, records, videosDir }),
    ],
    // OpenCV reads and encodes on libuv's pool: a read blocked on its camera plus an encode each.
    {
      env: { ...process.env, UV_THREADPOOL_SIZE: String(Math.min(1024, 4 + 2 * previews.length)) },
    },
  );
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-4000)));
  const [, port, decoder] = await waitForLine(child, /^READY (\d+) (\w+)/, 'baseline harness');
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    pid: child.pid,
    /** What decodes and encodes the preview: 'opencv' (opencv4nodejs) or 'ffmpeg'. */
    decoder,
    /** What the harness and its ffmpeg processes reported (errors, early exits). */
    stderr: () => stderr,
    /** Stops recording `camera`; resolves with `{ file, ms }` once ffmpeg has closed the MP4. */
    stopRecording: async (camera) =>
      (await fetch(`${url}/stop?camera=${camera}`, { method: 'POST' })).json(),
    stop: () => stopProcess(child, 5000),
  };
}
