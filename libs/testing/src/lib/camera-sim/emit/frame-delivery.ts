// How a due frame reaches a camera's transport: read here from the renderer and handed to it
// (the MJPEG camera serves JPEGs itself), or piped from the renderer straight into the
// transport's process with one byte per frame saying when (the RTSP camera's raw frames, about
// 9 MB a second at 640x360 and 25 fps, would otherwise cross this process, and its garbage
// collector, on their way).
import type { MediaProcess } from '@camrec/process';
import type { Writable } from 'node:stream';
import { FrameRenderer, rendererFailure } from '../render/frame-renderer';

/**
 * Hands a frame to the transport. `false`: the transport was backed up and skipped it; it then
 * counts as not emitted and stays out of the frame log, which lists only frames sent.
 */
export type FrameHandler = (frame: Buffer, index: number) => boolean | void;

export interface FrameDelivery {
  /** Delivers the frame whose bar shows `index`, now due; false if the transport skipped it. */
  deliver(index: number): Promise<boolean>;
  readonly rendererPid: number | undefined;
  /** Ends the renderer. */
  stop(): Promise<void>;
}

/** Frames read here, one at a time as they fall due, and handed to `onFrame`. */
export class RenderedFrames implements FrameDelivery {
  constructor(
    private readonly renderer: FrameRenderer,
    private readonly onFrame: FrameHandler,
  ) {}

  get rendererPid(): number | undefined {
    return this.renderer.pid;
  }

  async deliver(index: number): Promise<boolean> {
    const frame = await this.renderer.nextFrame();
    return this.onFrame(frame, index) !== false;
  }

  stop(): Promise<void> {
    return this.renderer.stop();
  }
}

/** The byte that says "the next frame is due". */
const TICK = Buffer.from([1]);

/**
 * Frames the renderer writes into the transport's process (its stdout is that process's pipe):
 * each due frame is one byte on `ticks`, and the transport reads the frame then.
 */
export class PipedFrames implements FrameDelivery {
  /** Rejects, saying why, once the renderer has stopped. */
  private readonly rendererStopped: Promise<never>;

  /**
   * @param firstFrameArrived resolves once the transport has read the first frame: a renderer
   *   that cannot render is found before the camera says it is ready.
   */
  constructor(
    private readonly renderer: MediaProcess,
    private readonly ticks: Writable,
    private readonly firstFrameArrived: Promise<void>,
  ) {
    this.rendererStopped = renderer.exited.then((exit) => {
      throw new Error(rendererFailure(renderer, exit));
    });
    // Awaited only by the first delivery, which a renderer that failed at once never makes.
    this.rendererStopped.catch(() => undefined);
    this.firstFrameArrived.catch(() => undefined);
  }

  get rendererPid(): number | undefined {
    return this.renderer.pid;
  }

  async deliver(index: number): Promise<boolean> {
    if (!this.renderer.running) await this.rendererStopped;
    if (!this.ticks.writable) return false;
    this.ticks.write(TICK);
    if (index === 0) await Promise.race([this.firstFrameArrived, this.rendererStopped]);
    return true;
  }

  async stop(): Promise<void> {
    await this.renderer.stop({ quitTimeoutMs: 0 });
  }
}
