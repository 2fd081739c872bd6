import type { ChildProcessRegistry } from '../process/child-process-registry';
import { runMediaCommand } from '../process/run-media-command';
import { buildRtspProbeArgs } from './ffmpeg-args';
import { classifyFfmpegFailure, SourceFailure } from './source-failure';

export interface ProbedStreams {
  video: { codec: string; width: number; height: number; fps: number | null } | null;
  /** ffmpeg codec name of the first audio stream, e.g. "aac", "pcm_alaw". */
  audio: { codec: string } | null;
}

export interface RtspProbeOptions {
  ffprobePath: string;
  url: string;
  timeoutS: number;
  registry?: ChildProcessRegistry;
  /** Process name in the registry, e.g. "ffprobe sess-1". */
  name: string;
  signal?: AbortSignal;
}

/** Asks ffprobe what an RTSP camera sends; throws a classified SourceFailure when it cannot tell. */
export async function probeRtspSource(options: RtspProbeOptions): Promise<ProbedStreams> {
  const started = Date.now();
  const result = await runMediaCommand({
    name: options.name,
    command: options.ffprobePath,
    args: buildRtspProbeArgs(options.url, options.timeoutS),
    registry: options.registry,
    // ffprobe's own socket timeout normally fires first; this catches a hang elsewhere.
    timeoutMs: options.timeoutS * 1000 + 2000,
    signal: options.signal,
  });
  options.signal?.throwIfAborted();
  const { exit } = result;
  if (exit.spawnError) {
    throw new SourceFailure(
      'unreachable',
      `ffprobe could not start at '${options.ffprobePath}': ${exit.spawnError.message}`,
    );
  }
  if (result.timedOut) throw new SourceFailure('timeout', `no answer within ${options.timeoutS} s`);
  // A camera that accepts the connection and then says nothing makes ffprobe fail with
  // "Invalid data found" once its socket timeout expires; only the elapsed time tells.
  if (exit.code !== 0 && Date.now() - started >= options.timeoutS * 1000 - 100) {
    throw new SourceFailure('timeout', `no answer within ${options.timeoutS} s`);
  }
  if (exit.code !== 0) {
    throw classifyFfmpegFailure(
      result.stderrTail,
      `ffprobe exited with code ${exit.code ?? exit.signal}`,
    );
  }
  return parseFfprobeStreams(result.stdout.toString('utf8'));
}

interface FfprobeStream {
  codec_type?: string;
  codec_name?: string;
  width?: number;
  height?: number;
  avg_frame_rate?: string;
  r_frame_rate?: string;
}

export function parseFfprobeStreams(json: string): ProbedStreams {
  let streams: FfprobeStream[];
  try {
    streams = (JSON.parse(json) as { streams?: FfprobeStream[] }).streams ?? [];
  } catch {
    throw new SourceFailure('unreachable', 'ffprobe printed no readable stream list');
  }
  const video = streams.find((s) => s.codec_type === 'video');
  const audio = streams.find((s) => s.codec_type === 'audio');
  return {
    video: video
      ? {
          codec: video.codec_name ?? 'unknown',
          width: video.width ?? 0,
          height: video.height ?? 0,
          fps: plausibleFrameRate(video.avg_frame_rate) ?? plausibleFrameRate(video.r_frame_rate),
        }
      : null,
    audio: audio ? { codec: audio.codec_name ?? 'unknown' } : null,
  };
}

/** RTSP sources often report 0/0 or the 90 kHz clock as a frame rate; those say nothing. */
function plausibleFrameRate(rate: string | undefined): number | null {
  const match = /^(\d+)\/(\d+)$/.exec(rate ?? '');
  if (!match || Number(match[2]) === 0) return null;
  const fps = Number(match[1]) / Number(match[2]);
  return fps > 0 && fps <= 240 ? Math.round(fps * 100) / 100 : null;
}
