// Paces a camera: delivers the next rendered frame to the transport when it is due. Pacing here
// rather than in ffmpeg makes the n-th emitted frame the one whose bar shows n, and lets the
// interval vary per frame.
import { performance } from 'node:perf_hooks';
import type { FrameDelivery } from './frame-delivery';
import { FrameLog } from './frame-log';
import { frameIntervalMs, nextDueMs } from './frame-schedule';

export interface FrameEmitterOptions {
  fps: number;
  vfr: boolean;
  /** Frame log path, see `CommonCameraOptions.log`. */
  log?: string;
}

/** Generous: ffmpeg starts in well under a second, but test machines can be very busy. */
const FIRST_FRAME_TIMEOUT_MS = 20_000;
/** How far back a transport can report a drop: its queues hold about a second of frames. */
const RECENT_FRAMES = 1024;

export class FrameEmitter {
  private readonly log: FrameLog | null;
  private running = false;
  private emitted = 0;
  /** The index of each recent emitted frame, by its number among the emitted (mod RECENT_FRAMES). */
  private readonly recent = new Array<number>(RECENT_FRAMES);
  private wake: (() => void) | null = null;
  private loop: Promise<void> = Promise.resolve();

  constructor(
    private readonly delivery: FrameDelivery,
    private readonly options: FrameEmitterOptions,
  ) {
    this.log = options.log ? new FrameLog(options.log) : null;
  }

  get framesEmitted(): number {
    return this.emitted;
  }

  get rendererPid(): number | undefined {
    return this.delivery.rendererPid;
  }

  /**
   * The transport dropped the emitted frames numbered `first` to `last` (0 is the first frame
   * emitted) after all: the frame log says so.
   */
  dropped(first: number, last: number): void {
    const from = Math.max(first, this.emitted - RECENT_FRAMES);
    const to = Math.min(last, this.emitted - 1);
    for (let n = from; n <= to; n++) this.log?.drop(this.recent[n % RECENT_FRAMES]);
  }

  /** Starts emitting; resolves once the first frame is out, rejects if none can be rendered. */
  start(firstFrameTimeoutMs = FIRST_FRAME_TIMEOUT_MS): Promise<void> {
    this.running = true;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`ffmpeg rendered no frame within ${firstFrameTimeoutMs} ms`)),
        firstFrameTimeoutMs,
      );
      const firstFrameOut = () => {
        clearTimeout(timer);
        resolve();
      };
      this.loop = this.run(firstFrameOut).catch((error: Error) => {
        clearTimeout(timer);
        if (this.emitted === 0) reject(error);
        else if (this.running) console.error(`camera-sim: ${error.message}`);
      });
    });
  }

  /** Stops emitting, ends the renderer and closes the frame log. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.delivery.stop();
    await this.loop;
    await this.log?.close();
  }

  private async run(firstFrameOut: () => void): Promise<void> {
    let due = performance.now();
    for (let index = 0; this.running; index++) {
      await this.sleepUntil(due);
      if (!this.running) return;
      const delivered = await this.delivery.deliver(index);
      const handedAt = Date.now();
      if (!this.running) return;
      if (delivered) {
        this.recent[this.emitted % RECENT_FRAMES] = index;
        this.emitted++;
        this.log?.write(index, handedAt);
      }
      if (index === 0) firstFrameOut();
      const interval = frameIntervalMs(index, this.options.fps, this.options.vfr);
      due = nextDueMs(due, performance.now(), interval);
    }
  }

  private sleepUntil(due: number): Promise<void> {
    const delay = due - performance.now();
    if (delay <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.wake?.(), delay);
      this.wake = () => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
    });
  }
}
