// ffprobe/ffmpeg checks of media files, shared by the tests of the server and its libraries.
import { spawnSync } from 'node:child_process';
import { decodeFrameIndices, frameIndexBarHeight } from './frame-index';

export interface ProbedStream {
  codec_type: string;
  codec_name: string;
  width?: number;
  height?: number;
  [field: string]: unknown;
}

export interface ProbedFile {
  format: { duration: string; [field: string]: unknown };
  streams: ProbedStream[];
  /** With `-show_packets` among `extra`. */
  packets?: Array<{ pts_time: string; flags: string }>;
}

/** `ffprobe -show_format -show_streams` (and `extra`, e.g. `-show_packets`) as JSON. */
export function ffprobe(file: string, extra: string[] = []): ProbedFile {
  const result = spawnSync(
    'ffprobe',
    ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', ...extra, file],
    { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
  );
  if (result.status !== 0) throw new Error(`ffprobe failed on ${file}: ${result.stderr}`);
  return JSON.parse(result.stdout);
}

/** `type:codec` of every stream, sorted, e.g. `['audio:aac', 'video:h264']`. */
export function codecs(file: string): string[] {
  return ffprobe(file)
    .streams.map((stream) => `${stream.codec_type}:${stream.codec_name}`)
    .sort();
}

/** The video packets in presentation order: each one's time in seconds, and whether it is a keyframe. */
export function videoPackets(file: string): Array<{ time: number; keyframe: boolean }> {
  const result = spawnSync(
    'ffprobe',
    [
      '-v',
      'error',
      '-select_streams',
      'v:0',
      '-show_entries',
      'packet=pts_time,flags',
      '-of',
      'csv=p=0',
      file,
    ],
    { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
  );
  if (result.status !== 0) throw new Error(`ffprobe failed on ${file}: ${result.stderr}`);
  return result.stdout
    .trim()
    .split('\n')
    .map((line) => line.split(','))
    .map(([time, flags]) => ({ time: Number(time), keyframe: flags?.startsWith('K') ?? false }))
    .sort((a, b) => a.time - b.time);
}

/** Presentation times of the video packets (or of its keyframes only) in seconds, ascending. */
export function videoPacketTimes(file: string, which: 'all' | 'keyframes' = 'all'): number[] {
  return videoPackets(file)
    .filter((packet) => which === 'all' || packet.keyframe)
    .map((packet) => packet.time);
}

/**
 * Decodes the whole file; throws with ffmpeg's complaint when it is not cleanly playable.
 * The decoded frames keep their own timestamps (passthrough, source time base): the null
 * muxer's default would round variable frame timing onto a guessed frame rate and complain
 * about the collisions it made itself.
 */
export function assertPlayable(file: string): void {
  const result = spawnSync(
    'ffmpeg',
    [
      '-v',
      'error',
      '-i',
      file,
      '-fps_mode',
      'passthrough',
      '-enc_time_base',
      '-1',
      '-f',
      'null',
      '-',
    ],
    { encoding: 'utf8' },
  );
  if (result.status !== 0 || result.stderr.trim() !== '') {
    throw new Error(`${file} does not play cleanly: ${result.stderr}`);
  }
}

/**
 * The frame index (the simulated camera's bar) of every video frame of a file (or of JPEGs
 * piped in), decoded to grey at the camera's size; null where the bar cannot be read.
 */
export function frameIndices(
  input: string | { jpegs: Buffer[] },
  width: number,
  height: number,
): Array<number | null> {
  const fromPipe = typeof input !== 'string';
  const barRows = Math.min(frameIndexBarHeight(height), height);
  const result = spawnSync(
    'ffmpeg',
    [
      ...['-v', 'error', '-nostdin'],
      ...(fromPipe ? ['-f', 'mjpeg', '-i', 'pipe:0'] : ['-i', input]),
      // Only the bar's rows (grey first: a 4:2:0 picture is cut to an even height): a sixteenth
      // of the bytes to pipe and copy.
      ...['-map', '0:v:0', '-vf', `format=gray,crop=iw:${barRows}:0:0`],
      // passthrough: one output frame per decoded frame (rawvideo would otherwise be made CFR).
      ...['-fps_mode', 'passthrough', '-f', 'rawvideo', '-pix_fmt', 'gray'],
      'pipe:1',
    ],
    { input: fromPipe ? Buffer.concat(input.jpegs) : undefined, maxBuffer: 1024 * 1024 * 1024 },
  );
  const what = fromPipe ? `${input.jpegs.length} JPEGs` : input;
  if (result.status !== 0) throw new Error(`ffmpeg could not decode ${what}: ${result.stderr}`);
  return decodeFrameIndices(result.stdout, width, height, barRows);
}

/**
 * The frames a receiver of every frame from `received[0]` on should have got: as many as it
 * received, taken from `sent` (what a camera's log or a recording lists, in order) from that
 * frame on; [] when `sent` lacks it. Compared with `received`, a missing, repeated or
 * reordered frame shows.
 */
export function framesSentFrom(
  sent: ReadonlyArray<number | null>,
  received: ReadonlyArray<number | null>,
): Array<number | null> {
  const from = received.length ? sent.indexOf(received[0]) : -1;
  return from < 0 ? [] : sent.slice(from, from + received.length);
}

/**
 * How many frames of `sent` a receiver missed between the first and the last frame it got,
 * for a sender allowed to skip frames for a slow receiver (then it counts its skips, which
 * must cover this); null when `received` is not in `sent`'s order (a repeated, reordered or
 * never-sent frame).
 */
export function framesMissed(
  sent: ReadonlyArray<number | null>,
  received: ReadonlyArray<number | null>,
): number | null {
  if (!received.length) return 0;
  const from = sent.indexOf(received[0]);
  const to = sent.indexOf(received[received.length - 1]);
  if (from < 0 || to < from) return null;
  const between = sent.slice(from, to + 1);
  const inOrder = between.filter((index) => received.includes(index));
  const same = inOrder.length === received.length && inOrder.every((index, i) => index === received[i]); // prettier-ignore
  return same ? between.length - received.length : null;
}

/**
 * The mean time between a recording's keyframes up to `until`, by the camera's own clock
 * (`emittedAt`: its frame log, index → ms). What a server timing their arrival should report,
 * whatever a loaded camera changed: frames its encoder dropped stretch a group of pictures.
 * `indices`: the file's frame indices (`frameIndices`), in presentation order. Null with fewer
 * than two keyframes.
 */
export function keyframeIntervalByCamera(
  file: string,
  indices: ReadonlyArray<number | null>,
  emittedAt: ReadonlyMap<number, number>,
  until = Infinity,
): number | null {
  const emitted = videoPackets(file).flatMap(({ keyframe }, i) => {
    const at = keyframe ? emittedAt.get(indices[i] ?? -1) : undefined;
    return at !== undefined && at <= until ? [at] : [];
  });
  if (emitted.length < 2) return null;
  return (emitted[emitted.length - 1] - emitted[0]) / (emitted.length - 1) / 1000;
}
