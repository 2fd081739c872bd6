/** How a tile turns the stream into pictures, best first. */
export type DecoderKind = 'webcodecs' | 'mse' | 'jpeg';

export interface PaintedFrame {
  width: number;
  height: number;
  /**
   * When the frame was captured, ms since 1970, on the clock of `capturedBy`: the camera's
   * (`prft` from its RTCP sender reports) or the server's (it stamped the JPEG on arrival).
   */
  capturedAt: number | null;
  capturedBy: 'camera' | 'server' | null;
  /**
   * What the browser alone measured, in ms: arrival → paint (WebCodecs, JPEG), or how far
   * the picture is behind the newest buffered frame (MSE).
   */
  localDelayMs: number | null;
}

export interface RendererEvents {
  framePainted(frame: PaintedFrame): void;
  /** The renderer cannot go on; the player falls back to the next decoder. */
  failed(reason: string): void;
}

export interface LiveRenderer {
  readonly kind: DecoderKind;
  /** One binary stream message; `receivedAt` is `performance.now()` at arrival. */
  push(data: Uint8Array, receivedAt: number): void;
  setMuted(muted: boolean): void;
  dispose(): void;
}

/** Keeps canvas pixels equal to the picture's so nothing is scaled twice. */
export function fitCanvas(canvas: HTMLCanvasElement, width: number, height: number): void {
  if (canvas.width !== width) canvas.width = width;
  if (canvas.height !== height) canvas.height = height;
}

/** A 2D context tuned for live video: opaque, and allowed to skip the compositor's queue. */
export function liveContext(canvas: HTMLCanvasElement): CanvasRenderingContext2D | null {
  return canvas.getContext('2d', { alpha: false, desynchronized: true });
}
