import { type ChildProcessRegistry, MediaProcess } from '@camrec/process';
import type { FragmentPacket } from '../hub/hub-types';
import type { StreamHub } from '../hub/stream-hub';
import { buildStillJpegArgs } from '../ingest/ffmpeg-args';
import { JpegSplitter } from '../mjpeg/jpeg-splitter';

export interface StillJpegOptions {
  /** Process name in the registry, e.g. "snapshot cam-1". */
  name: string;
  /** The session's hub (fMP4 or JPEG packets). */
  source: StreamHub;
  ffmpegPath: string;
  /** 1 (smallest) to 100 (best), for H.264/H.265 sessions (JPEG cameras' frames are kept). */
  jpegQuality: number;
  registry?: ChildProcessRegistry;
  /** The decoder is ended after this long (default 5000 ms). */
  timeoutMs?: number;
}

/** Frames of the GOP's end encoded, in case the decoder gives out one or two fewer than sent. */
const SPARE_FRAMES = 2;

/**
 * The newest picture of a session as one JPEG, or null before its first frame. An MJPEG
 * camera's latest frame is returned as it came; for H.264/H.265 one short ffmpeg decodes what
 * the hub keeps for late joiners (the init segment and the fragments since the latest
 * keyframe) and encodes only the last frames. No subscription: nothing waits for the next
 * keyframe, and the cost is one GOP's decode.
 */
export async function captureStillJpeg(options: StillJpegOptions): Promise<Buffer | null> {
  const [first, ...rest] = options.source.latest();
  if (!first) return null;
  if (first.type === 'jpeg') return first.data;
  if (first.type !== 'init') return null;
  const fragments = rest.filter((packet): packet is FragmentPacket => packet.type === 'fragment');
  if (fragments.length === 0) return null;
  const frames = fragments.reduce((sum, fragment) => sum + fragment.frames, 0);
  const decoder = MediaProcess.spawn({
    name: options.name,
    command: options.ffmpegPath,
    args: buildStillJpegArgs({
      jpegQuality: options.jpegQuality,
      skipFrames: frames - 1 - SPARE_FRAMES,
    }),
    registry: options.registry,
    stdinIsInput: true,
    signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
    forceKillAfterMs: 1000,
  });
  const splitter = new JpegSplitter();
  let newest: Buffer | null = null;
  let unreadable: string | null = null;
  decoder.stdout.on('data', (chunk: Buffer) => {
    if (unreadable) return;
    try {
      for (const frame of splitter.push(chunk)) newest = frame;
    } catch (error) {
      unreadable = (error as Error).message;
    }
  });
  // The whole piece at once: it is at most the hub's GOP cache, already in memory.
  decoder.stdin.write(first.data);
  for (const fragment of fragments) decoder.stdin.write(fragment.data);
  decoder.stdin.end();
  const exit = await decoder.exited;
  if (newest) return newest;
  const why =
    unreadable ??
    exit.spawnError?.message ??
    decoder.stderrTail().at(-1) ??
    (exit.signal ? `ended by ${exit.signal}` : `exit code ${exit.code}`);
  throw new Error(`no snapshot: ${why}`);
}
