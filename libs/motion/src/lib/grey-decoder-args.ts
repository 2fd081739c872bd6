import { NO_PROBE_INPUT_ARGS } from '@camrec/media';

/** The analysed picture: small and grey is all "did something move" needs. */
export const ANALYSIS_WIDTH = 320;
export const ANALYSIS_HEIGHT = 180;
export const ANALYSIS_FPS = 5;

export interface GreyDecoderArgsOptions {
  width: number;
  height: number;
  fps: number;
}

/**
 * ffmpeg reading the session's fMP4 on stdin and writing raw 8-bit grey frames of exactly
 * width×height (the aspect ratio is not kept: boxes and zones are in 0–1 coordinates anyway)
 * at `fps` frames per second to stdout.
 */
export function buildGreyDecoderArgs(options: GreyDecoderArgsOptions): string[] {
  const { width, height, fps } = options;
  return [
    ...['-hide_banner', '-nostats', '-loglevel', 'error'],
    // No probing, and one thread so no frame is held back.
    ...NO_PROBE_INPUT_ARGS,
    ...['-threads', '1'],
    // Skipping the non-reference frames' loop filter costs nothing visible at 320 px.
    ...['-skip_loop_filter', 'all', '-f', 'mp4', '-i', 'pipe:0'],
    ...[
      '-map',
      '0:v:0',
      '-an',
      '-vf',
      `fps=${fps},scale=${width}:${height}:flags=area,format=gray`,
    ],
    ...['-f', 'rawvideo', 'pipe:1'],
  ];
}
