import type { HubSubscription } from '@camrec/media';
import type { MjpegConversion } from '../ffmpeg-args';
import type { MediaTools } from '../media-tools';
import { MjpegEncoder } from '../mjpeg-encoder';
import type { SegmentInput, SegmentSource } from './segment-source';
import { readFragmentVideo, readVideoSetup, type VideoTrackSetup } from './video-timing';

export interface MjpegSegmentSourceOptions {
  /** Shown in the process registry. */
  name: string;
  tools: MediaTools;
  settings: MjpegConversion;
  /**
   * Frames further apart than this (the camera was away) end the encoder's run and start a
   * new one, a new generation: the time away becomes a gap between segments rather than one
   * frame shown for all of it. Default 5000 ms.
   */
  maxFrameGapMs?: number;
}

const DEFAULT_MAX_FRAME_GAP_MS = 5000;
/** How long an encoder gets to flush its last frames after its input ends. */
const ENCODER_FINISH_TIMEOUT_MS = 10_000;

/** One encoder process, from its first frame until a gap or the end of the stream. */
interface EncoderRun {
  encoder: MjpegEncoder;
  generation: number;
  /** Wall-clock ms of its first frame: where its decode times start. */
  firstCapturedAt: number;
}

/**
 * An MJPEG camera's frames encoded to H.264 by one long-lived libx264 per camera (restarted
 * only after a gap), as fMP4 init and fragments for the SegmentCutter. The encoder's decode
 * times are the frames' arrival times (MjpegEncoder), so each fragment's wall-clock time is
 * exact: its run's first frame time plus its decode time.
 */
export class MjpegSegmentSource implements SegmentSource {
  private readonly runs: EncoderRun[] = [];
  private readonly maxFrameGapMs: number;
  private readonly feeding: Promise<void>;
  private feedError: Error | null = null;
  private feedDone = false;
  private wake: (() => void) | null = null;

  constructor(
    private readonly subscription: HubSubscription,
    private readonly options: MjpegSegmentSourceOptions,
  ) {
    this.maxFrameGapMs = options.maxFrameGapMs ?? DEFAULT_MAX_FRAME_GAP_MS;
    this.feeding = this.feed();
  }

  get endReason(): string | null {
    return this.subscription.endReason;
  }

  /** Every frame that arrived before is still encoded and delivered. */
  end(): void {
    this.subscription.end();
  }

  close(): void {
    this.subscription.close();
    for (const run of this.runs) void run.encoder.stop(0);
  }

  async *[Symbol.asyncIterator](): AsyncIterator<SegmentInput> {
    try {
      for (let index = 0; ; index += 1) {
        const run = await this.run(index);
        if (!run) break;
        yield* this.packetsOf(run);
        // Its output ended: its input had (a gap, the end) or it died; the exit tells which.
        if ((await run.encoder.finish(ENCODER_FINISH_TIMEOUT_MS)).code !== 0) {
          throw this.feedError ?? new Error(await run.encoder.failure());
        }
      }
      if (this.feedError) throw this.feedError;
    } finally {
      // Whatever ended the iteration, no encoder outlives it.
      this.subscription.close();
      await this.feeding;
      await Promise.all(this.runs.map((run) => run.encoder.stop(0)));
    }
  }

  /** Hub frames → the current run's encoder; a gap ends the run, the next frame starts one. */
  private async feed(): Promise<void> {
    let run: EncoderRun | null = null;
    let lastAt = 0;
    try {
      for await (const packet of this.subscription) {
        if (packet.type !== 'jpeg') continue;
        if (run && packet.capturedAt - lastAt > this.maxFrameGapMs) {
          run.encoder.endInput();
          run = null;
        }
        run ??= this.startRun(packet.capturedAt);
        lastAt = packet.capturedAt;
        // False: the encoder died; the iteration reports why once its output has ended.
        if (!(await run.encoder.write(packet.data, packet.capturedAt))) return;
      }
    } catch (error) {
      // A lossless queue that overflowed, or frames that are not JPEG.
      this.feedError = error as Error;
    } finally {
      run?.encoder.endInput();
      this.feedDone = true;
      this.notify();
    }
  }

  private startRun(firstCapturedAt: number): EncoderRun {
    const encoder = MjpegEncoder.start(this.options);
    const run = { encoder, generation: this.runs.length + 1, firstCapturedAt };
    this.runs.push(run);
    this.notify();
    return run;
  }

  /** The run at `index` once it has started; null when the feed ended before it. */
  private async run(index: number): Promise<EncoderRun | null> {
    while (index >= this.runs.length && !this.feedDone) {
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
    return this.runs[index] ?? null;
  }

  private async *packetsOf(run: EncoderRun): AsyncGenerator<SegmentInput> {
    let setup: VideoTrackSetup | null = null;
    let firstDecode: number | null = null;
    for await (const packet of run.encoder.output) {
      if (packet.type === 'init') {
        setup = readVideoSetup(packet.data);
        yield { type: 'init', data: packet.data, generation: run.generation };
      } else if (packet.type === 'fragment') {
        const video = setup && readFragmentVideo(packet.data, setup);
        firstDecode ??= video?.decode ?? null;
        const offsetMs =
          video && setup && firstDecode !== null
            ? ((video.decode - firstDecode) / setup.timescale) * 1000
            : 0;
        yield {
          type: 'fragment',
          data: packet.data,
          receivedAt: run.firstCapturedAt + offsetMs,
          generation: run.generation,
        };
      }
    }
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }
}
