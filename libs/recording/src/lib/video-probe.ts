import { runMediaCommand } from '@camrec/process';
import { probeArgs } from './ffmpeg-args';
import type { MediaTools } from './media-tools';

export interface ProbedVideo {
  durationS: number;
  videoCodec: string;
  width: number;
  height: number;
  audioCodec: string | null;
}

interface ProbeJson {
  format?: { duration?: string };
  streams?: Array<{ codec_type?: string; codec_name?: string; width?: number; height?: number }>;
}

const PROBE_TIMEOUT_MS = 30_000;

/** Reads duration, codecs and picture size of a media file with ffprobe. */
export async function probeVideo(tools: MediaTools, filePath: string): Promise<ProbedVideo> {
  const run = await runMediaCommand({
    name: 'ffprobe recording',
    command: tools.ffprobePath,
    args: probeArgs(filePath),
    registry: tools.registry,
    timeoutMs: PROBE_TIMEOUT_MS,
  });
  if (run.exit.code !== 0) {
    const why =
      run.exit.spawnError?.message ?? (run.stderrTail.join(' ') || `exit ${run.exit.code}`);
    throw new Error(`ffprobe could not read ${filePath}: ${why}`);
  }
  const json = JSON.parse(run.stdout.toString('utf8')) as ProbeJson;
  const video = json.streams?.find((stream) => stream.codec_type === 'video');
  const audio = json.streams?.find((stream) => stream.codec_type === 'audio');
  if (!video?.codec_name || !video.width || !video.height) {
    throw new Error(`${filePath} has no video stream`);
  }
  return {
    durationS: Number(json.format?.duration ?? 0),
    videoCodec: video.codec_name,
    width: video.width,
    height: video.height,
    audioCodec: audio?.codec_name ?? null,
  };
}
