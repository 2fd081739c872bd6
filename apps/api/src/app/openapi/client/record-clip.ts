/**
 * A script that drives the REST API through a client typed from /openapi.json
 * (openapi-typescript for the types, openapi-fetch for the calls): it opens a camera, records
 * a clip for some seconds, finds it in the video list and downloads it.
 *
 *   node -r ts-node/register/transpile-only record-clip.ts \
 *     http://127.0.0.1:8000 rtsp://user:pass@camera/stream 5 clip.mp4
 *
 * It prints the downloaded video's entry of GET /videos as JSON.
 */
import { writeFile } from 'node:fs/promises';
import createClient from 'openapi-fetch';
import type { components, paths } from './camera-recorder-api';

type ApiError = components['schemas']['ApiError'];

/** Stops the script with the API's own words. */
function fail(step: string, error: ApiError | undefined, response: Response): never {
  throw new Error(`${step}: ${response.status} ${error?.message ?? response.statusText}`);
}

async function recordClip(baseUrl: string, cameraUrl: string, seconds: number, outFile: string) {
  const api = createClient<paths>({ baseUrl });

  const opened = await api.POST('/session/open', { body: { url: cameraUrl, name: 'script' } });
  if (!opened.data) fail('open', opened.error, opened.response);
  const { session_id } = opened.data;
  try {
    const started = await api.POST('/record/start', { body: { session_id } });
    if (!started.data) fail('record', started.error, started.response);
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    const stopped = await api.POST('/record/stop', { body: { session_id } });
    if (!stopped.data) fail('stop', stopped.error, stopped.response);

    const listed = await api.GET('/videos');
    if (!listed.data) fail('list', listed.error, listed.response);
    const video = listed.data.videos.find((item) => item.filename === stopped.data.filename);
    if (!video) throw new Error(`${stopped.data.filename} is not in the video list`);

    const file = await api.GET('/videos/{filename}', {
      params: { path: { filename: video.filename }, query: { download: '1' } },
      parseAs: 'arrayBuffer',
    });
    if (!file.data) fail('download', file.error, file.response);
    await writeFile(outFile, Buffer.from(file.data));
    return video;
  } finally {
    await api.POST('/session/close', { body: { session_id } });
  }
}

const [baseUrl, cameraUrl, seconds, outFile] = process.argv.slice(2);
if (!baseUrl || !cameraUrl || !outFile || !(Number(seconds) > 0)) {
  process.stderr.write('usage: record-clip.ts BASE_URL CAMERA_URL SECONDS OUT_FILE\n');
  process.exit(2);
}
recordClip(baseUrl, cameraUrl, Number(seconds), outFile).then(
  (video) => process.stdout.write(`${JSON.stringify(video)}\n`),
  (error: Error) => {
    process.stderr.write(`record-clip: ${error.message}\n`);
    process.exit(1);
  },
);
