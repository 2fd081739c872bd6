import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ChildProcessRegistry, MediaProcess } from '@camrec/process';
import type { FragmentPacket } from '../hub/hub-types';
import type { StreamHub } from '../hub/stream-hub';
import { buildStillJpegArgs, lastFramesFilter } from '../ingest/ffmpeg-args';
import { JpegSplitter } from '../mjpeg/jpeg-splitter';

export interface StillJpegDecoderOptions {
  /** Process name in the registry, e.g. "snapshot". */
  name: string;
  ffmpegPath: string;
  /** 1 (smallest) to 100 (best), for H.264/H.265 sessions (JPEG cameras' frames are kept). */
  jpegQuality: number;
  registry?: ChildProcessRegistry;
  /** A capture's decoder is ended after this long (default 5000 ms). */
  timeoutMs?: number;
}

/** Frames of the GOP's end encoded, in case the decoder gives out one or two fewer than sent. */
const SPARE_FRAMES = 2;

/** An ffmpeg waiting for its piece on stdin, and the file its frame filter will be read from. */
interface Decoder {
  process: MediaProcess;
  filterScript: string;
  /** Ends the process: a capture that takes too long. */
  abort: AbortController;
}

/**
 * The newest picture of a session as one JPEG. An MJPEG camera's latest frame is returned as it
 * came; for H.264/H.265 one short ffmpeg decodes what the hub keeps for late joiners (the init
 * segment and the fragments since the latest keyframe) and encodes only the last frames. No
 * subscription: nothing waits for the next keyframe, and the cost is one GOP's decode.
 *
 * Loading ffmpeg (its libraries' relocations) costs more than decoding a GOP: some 110 of the
 * 170 ms of CPU a 25-frame 640×360 capture takes. So `prepare()` starts the next capture's ffmpeg
 * ahead of time, and each capture starts the one after it. A started ffmpeg opens its input
 * first, and so waits on stdin, and only then its output and the frame filter, which it reads
 * from a file: the frames to skip are written there once the piece is known (55 ms for that
 * capture instead of 170). One waiting ffmpeg costs some 13 MB of RSS, 4 MB of it its own.
 */
export class StillJpegDecoder {
  private ready: Decoder | null = null;
  private dir: string | null = null;
  private started = 0;
  private closed = false;

  constructor(private readonly options: StillJpegDecoderOptions) {}

  /** Starts the next capture's ffmpeg now, unless one is waiting already. */
  prepare(): void {
    if (this.closed || this.ready?.process.running) return;
    this.ready = this.start();
  }

  /** A JPEG of the session's newest frame, or null before its first frame. */
  async capture(source: StreamHub): Promise<Buffer | null> {
    const [first, ...rest] = source.latest();
    if (!first) return null;
    if (first.type === 'jpeg') return first.data;
    if (first.type !== 'init') return null;
    const fragments = rest.filter((packet): packet is FragmentPacket => packet.type === 'fragment');
    if (fragments.length === 0) return null;
    const frames = fragments.reduce((sum, fragment) => sum + fragment.frames, 0);
    const decoder = this.ready?.process.running ? this.ready : this.start();
    this.ready = null;
    try {
      writeFileSync(decoder.filterScript, lastFramesFilter(frames - 1 - SPARE_FRAMES));
      return await decode(decoder, [first.data, ...fragments.map((f) => f.data)], this.options);
    } finally {
      // Ends a decoder left waiting (the filter could not be written); no-op once it exited.
      decoder.abort.abort();
      rmSync(decoder.filterScript, { force: true });
      this.prepare();
    }
  }

  /** Ends the waiting ffmpeg and removes its folder; no capture starts one after this. */
  async close(): Promise<void> {
    this.closed = true;
    const waiting = this.ready;
    this.ready = null;
    await waiting?.process.stop({ quitTimeoutMs: 1000 });
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
  }

  private start(): Decoder {
    this.dir ??= mkdtempSync(join(tmpdir(), 'camrec-still-'));
    const filterScript = join(this.dir, `frames-${++this.started}.txt`);
    const abort = new AbortController();
    const process = MediaProcess.spawn({
      name: this.options.name,
      command: this.options.ffmpegPath,
      args: buildStillJpegArgs({ jpegQuality: this.options.jpegQuality, filterScript }),
      registry: this.options.registry,
      stdinIsInput: true,
      signal: abort.signal,
      forceKillAfterMs: 1000,
    });
    return { process, filterScript, abort };
  }
}

/** Feeds the piece to a waiting decoder and reads the last JPEG it writes. */
async function decode(
  { process, abort }: Decoder,
  piece: Buffer[],
  options: StillJpegDecoderOptions,
): Promise<Buffer> {
  const timer = setTimeout(() => abort.abort(), options.timeoutMs ?? 5000);
  const splitter = new JpegSplitter();
  let newest: Buffer | null = null;
  let unreadable: string | null = null;
  process.stdout.on('data', (chunk: Buffer) => {
    if (unreadable) return;
    try {
      for (const frame of splitter.push(chunk)) newest = frame;
    } catch (error) {
      unreadable = (error as Error).message;
    }
  });
  // The whole piece at once: it is at most the hub's GOP cache, already in memory.
  for (const data of piece) process.stdin.write(data);
  process.stdin.end();
  const exit = await process.exited;
  clearTimeout(timer);
  if (newest) return newest;
  const why =
    unreadable ??
    exit.spawnError?.message ??
    process.stderrTail().at(-1) ??
    (exit.signal ? `ended by ${exit.signal}` : `exit code ${exit.code}`);
  throw new Error(`no snapshot: ${why}`);
}
