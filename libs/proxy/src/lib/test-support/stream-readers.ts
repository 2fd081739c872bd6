import { execFile, spawn } from 'node:child_process';
import { get } from 'node:http';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface ProbedVideo {
  codec: string;
  width: number;
  height: number;
}

/** ffprobe's view of an RTSP URL's video stream; rejects with ffprobe's complaint. */
export async function probeRtsp(url: string, timeoutS = 10): Promise<ProbedVideo> {
  const { stdout } = await run(
    'ffprobe',
    [
      '-v',
      'error',
      '-rtsp_transport',
      'tcp',
      '-timeout',
      String(timeoutS * 1_000_000),
      '-select_streams',
      'v:0',
      '-show_entries',
      'stream=codec_name,width,height',
      '-of',
      'json',
      url,
    ],
    { timeout: (timeoutS + 5) * 1000 },
  );
  const stream = (
    JSON.parse(stdout) as { streams: { codec_name: string; width: number; height: number }[] }
  ).streams[0];
  if (!stream) throw new Error(`ffprobe found no video stream in ${url}`);
  return { codec: stream.codec_name, width: stream.width, height: stream.height };
}

/** Reads an RTSP URL with ffmpeg for a while; resolves with the number of frames decoded. */
export function readRtspFor(url: string, seconds: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const ffmpeg = spawn('ffmpeg', [
      '-v',
      'error',
      '-stats',
      '-rtsp_transport',
      'tcp',
      '-i',
      url,
      '-t',
      String(seconds),
      '-f',
      'null',
      '-',
    ]);
    let stderr = '';
    ffmpeg.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    ffmpeg.on('error', reject);
    ffmpeg.on('exit', (code) => {
      const frames = [...stderr.matchAll(/frame=\s*(\d+)/g)].pop();
      if (code === 0 && frames) resolve(Number(frames[1]));
      else reject(new Error(`ffmpeg could not read ${url} (${code}): ${stderr.slice(-400)}`));
    });
  });
}

/** Counts the bytes of an HTTP stream for a while (a second reader of an MJPEG output). */
export function readHttpFor(url: string, ms: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let bytes = 0;
    const request = get(url, (response) => {
      response.on('data', (chunk: Buffer) => (bytes += chunk.length));
      setTimeout(() => {
        request.destroy();
        resolve(bytes);
      }, ms);
    });
    request.on('error', reject);
  });
}
