/**
 * ffmpeg/ffprobe command lines of the recorder, as pure functions (unit-tested; the process
 * wrapper of @camrec/process runs them).
 */
import { NO_PROBE_INPUT_ARGS } from '@camrec/media';

/** Keyframe spacing of MJPEG recordings: players seek to within this many seconds. */
export const MJPEG_KEYFRAME_INTERVAL_S = 2;

export interface MjpegEncodeSettings {
  /** libx264 preset (config `record_preset`). */
  preset: string;
  /** libx264 constant rate factor (config `record_crf`). */
  crf: number;
}

/**
 * How an MJPEG camera's frames become MP4: encoded to H.264 with these settings, or kept as
 * the camera's JPEGs (`keep-jpeg`: no encoder, several times the disk).
 */
export type MjpegConversion = MjpegEncodeSettings | 'keep-jpeg';

/**
 * Matroska-wrapped JPEGs on stdin → the same JPEGs in fragmented MP4 (an `mp4v` track with
 * the JPEG object type), one fragment per frame, each a keyframe, with their arrival times:
 * what continuous recording keeps of an MJPEG camera with `mjpeg_storage: "jpeg"`. Copying
 * costs ffmpeg a few per cent of what libx264 does.
 */
function keepJpegArgs(): string[] {
  return [
    ...quietArgs(),
    ...NO_PROBE_INPUT_ARGS,
    ...['-f', 'matroska', '-i', 'pipe:0', '-map', '0:v:0', '-c:v', 'copy'],
    ...['-f', 'mp4', '-movflags', 'empty_moov+default_base_moof+frag_every_frame', 'pipe:1'],
  ];
}

/**
 * Matroska-wrapped JPEGs on stdin (each frame stamped with its arrival time) → H.264 in
 * fragmented MP4 on stdout, one fragment per frame.
 * - no probing (NO_PROBE_INPUT_ARGS): probing held the first ~3.5 s of frames inside ffmpeg
 *   before it wrote any: a crash lost them, and `behind_s` (which sees only the queue before
 *   ffmpeg) could not count them.
 * - `-fps_mode passthrough`: every frame keeps its own timestamp. ffmpeg's default for MP4 is
 *   constant frame rate, which would duplicate and drop frames of a variable-rate camera.
 * - `-enc_time_base -1`: the encoder counts in the input's milliseconds instead of a guessed
 *   frame rate, which would round the arrival times.
 * - `-tune zerolatency`: no look-ahead, so frames reach the `.part` within a frame time and a
 *   crash loses little.
 * - crop to even sizes and yuv420p: what H.264 players (Windows' included) decode.
 */
export function mjpegEncoderArgs(settings: MjpegConversion): string[] {
  if (settings === 'keep-jpeg') return keepJpegArgs();
  return [
    ...quietArgs(),
    ...NO_PROBE_INPUT_ARGS,
    ...['-f', 'matroska', '-i', 'pipe:0', '-map', '0:v:0'],
    ...jpegToH264Args(settings),
    ...['-tune', 'zerolatency', '-enc_time_base', '-1'],
    ...['-f', 'mp4', '-movflags', 'empty_moov+default_base_moof+frag_every_frame', 'pipe:1'],
  ];
}

/**
 * The output options that turn JPEG frames into H.264 that every player decodes (even sizes,
 * yuv420p), each frame at its own time, a keyframe every MJPEG_KEYFRAME_INTERVAL_S: for the
 * recorder and for an export of footage kept as JPEG frames.
 */
export function jpegToH264Args(settings: MjpegEncodeSettings): string[] {
  return [
    ...['-vf', 'crop=trunc(iw/2)*2:trunc(ih/2)*2,format=yuv420p'],
    ...['-c:v', 'libx264', '-preset', settings.preset, '-crf', String(settings.crf)],
    ...['-force_key_frames', `expr:gte(t,n_forced*${MJPEG_KEYFRAME_INTERVAL_S})`],
    ...['-fps_mode', 'passthrough'],
  ];
}

/** `.part` → standard MP4 with the index (`moov`) first, streams copied, nothing re-encoded. */
export function remuxArgs(partPath: string, outputPath: string): string[] {
  return [
    ...quietArgs(),
    '-nostdin',
    '-y',
    '-i',
    partPath,
    '-map',
    '0:v',
    '-map',
    '0:a?',
    '-c',
    'copy',
    '-movflags',
    '+faststart',
    '-f',
    'mp4',
    outputPath,
  ];
}

/** Width of thumbnails; the height follows the video's aspect. */
export const THUMBNAIL_WIDTH = 320;

/** One JPEG frame at `atSeconds`, scaled to THUMBNAIL_WIDTH keeping the aspect. */
export function thumbnailArgs(videoPath: string, outputPath: string, atSeconds: number): string[] {
  return [
    ...quietArgs(),
    '-nostdin',
    '-y',
    '-ss',
    atSeconds.toFixed(3),
    '-i',
    videoPath,
    '-map',
    '0:v:0',
    '-frames:v',
    '1',
    // Display aspect first (non-square pixels), then an even height for the encoder.
    '-vf',
    `scale=iw*sar:ih,scale=${THUMBNAIL_WIDTH}:-2`,
    '-c:v',
    'mjpeg',
    '-q:v',
    '4',
    '-f',
    'image2',
    '-update',
    '1',
    outputPath,
  ];
}

/** Streams and format of a file, as JSON. */
export function probeArgs(filePath: string): string[] {
  return ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', filePath];
}

export function quietArgs(): string[] {
  return ['-hide_banner', '-nostats', '-loglevel', 'error'];
}
