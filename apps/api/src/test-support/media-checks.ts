import { spawnSync } from 'node:child_process';
import { decodeFrameIndex } from '@camrec/media';

export interface ProbedStream {
  codec_name: string;
  codec_type: string;
  width?: number;
  height?: number;
}

/** ffprobe's view of a media file's streams. */
export function probeStreams(file: string): ProbedStream[] {
  const result = spawnSync('ffprobe', ['-v', 'error', '-show_streams', '-of', 'json', file], {
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`ffprobe failed on ${file}: ${result.stderr}`);
  return JSON.parse(result.stdout).streams;
}

/** Decodes every video frame of a file (or JPEG) and reads the camera-sim frame-index bar. */
export function frameIndices(file: string, width: number, height: number): Array<number | null> {
  const result = spawnSync(
    'ffmpeg',
    // passthrough: one output frame per decoded frame (rawvideo would otherwise be made CFR).
    [
      '-v',
      'error',
      '-i',
      file,
      '-map',
      '0:v:0',
      '-fps_mode',
      'passthrough',
      '-f',
      'rawvideo',
      '-pix_fmt',
      'gray',
      'pipe:1',
    ],
    { maxBuffer: 1024 * 1024 * 1024 },
  );
  if (result.status !== 0) throw new Error(`ffmpeg could not decode ${file}: ${result.stderr}`);
  const frameBytes = width * height;
  const indices: Array<number | null> = [];
  for (let offset = 0; offset + frameBytes <= result.stdout.length; offset += frameBytes) {
    indices.push(
      decodeFrameIndex(result.stdout.subarray(offset, offset + frameBytes), width, height),
    );
  }
  return indices;
}
