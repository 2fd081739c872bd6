// The replay camera's material: a loop of H.264 access units encoded once, each frame carrying
// its position in the loop in the frame-index bar (same picture as the live simulator's, minus
// the wall clock, which would show the encoding time).
import { runMediaCommand } from '@camrec/process';
import { readFile } from 'node:fs/promises';
import { renderFilterGraph } from '../render/render-args';

export interface H264Loop {
  /** Annex-B access units in decoding order; unit n shows index n in its bar. */
  units: Buffer[];
  /** Whether each unit is an IDR picture (carries SPS/PPS too, so a client can join there). */
  keyframes: boolean[];
}

export interface H264LoopSpec {
  ffmpegPath: string;
  width: number;
  height: number;
  fps: number;
  /** Frames between keyframes. */
  gopFrames: number;
  frames: number;
  /** Bits per second. */
  bitrate: number;
}

const ENCODE_TIMEOUT_MS = 120_000;

/**
 * One slice per frame (threads=1: x264's sliced threads split frames, which some clients
 * mis-assemble), no B-frames, a fixed GOP and no scene cuts, so the loop joins seamlessly.
 */
export function buildLoopEncodeArgs(spec: H264LoopSpec, output: string): string[] {
  return [
    '-hide_banner',
    '-nostdin',
    '-loglevel',
    'error',
    '-f',
    'lavfi',
    '-i',
    `testsrc2=size=${spec.width}x${spec.height}:rate=${spec.fps}`,
    '-vf',
    renderFilterGraph({ ...spec, output: { kind: 'i420' }, clockFont: null }),
    '-frames:v',
    String(spec.frames),
    '-pix_fmt',
    'yuv420p',
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-tune',
    'zerolatency',
    '-profile:v',
    'baseline',
    '-b:v',
    String(spec.bitrate),
    '-x264-params',
    `keyint=${spec.gopFrames}:min-keyint=${spec.gopFrames}:scenecut=0:threads=1:repeat-headers=1`,
    '-f',
    'h264',
    '-y',
    output,
  ];
}

export async function encodeH264Loop(spec: H264LoopSpec, output: string): Promise<H264Loop> {
  const { exit, stderrTail } = await runMediaCommand({
    name: 'replay loop encoder',
    command: spec.ffmpegPath,
    args: buildLoopEncodeArgs(spec, output),
    timeoutMs: ENCODE_TIMEOUT_MS,
  });
  if (exit.code !== 0) {
    const why = exit.spawnError?.message ?? exit.signal ?? exit.code;
    throw new Error(`ffmpeg could not encode the replay loop (${why}): ${stderrTail.join('\n')}`);
  }
  const loop = splitAccessUnits(await readFile(output));
  if (loop.units.length !== spec.frames || !loop.keyframes[0]) {
    throw new Error(
      `replay loop has ${loop.units.length} access units, expected ${spec.frames} from a keyframe`,
    );
  }
  return loop;
}

const NAL_SLICE = 1;
const NAL_IDR = 5;

/**
 * Splits an Annex-B stream of single-slice pictures into access units: a unit ends with its
 * picture's slice, and the parameter sets and SEI before a slice belong to the next unit.
 */
export function splitAccessUnits(stream: Buffer): H264Loop {
  const starts = nalStarts(stream);
  const units: Buffer[] = [];
  const keyframes: boolean[] = [];
  let unitStart = starts[0] ?? 0;
  let keyframe = false;
  starts.forEach((start, i) => {
    const end = starts[i + 1] ?? stream.length;
    const headerAt = stream.indexOf(1, start) + 1;
    const type = stream[headerAt] & 0x1f;
    if (type === NAL_IDR) keyframe = true;
    if (type === NAL_SLICE || type === NAL_IDR) {
      units.push(stream.subarray(unitStart, end));
      keyframes.push(keyframe);
      unitStart = end;
      keyframe = false;
    }
  });
  return { units, keyframes };
}

/** Offsets of the start codes (00 00 01 or 00 00 00 01) that begin each NAL unit. */
function nalStarts(stream: Buffer): number[] {
  const starts: number[] = [];
  for (let i = 0; i + 2 < stream.length; i++) {
    if (stream[i] === 0 && stream[i + 1] === 0 && stream[i + 2] === 1) {
      starts.push(i > 0 && stream[i - 1] === 0 ? i - 1 : i);
      i += 2;
    }
  }
  return starts;
}
