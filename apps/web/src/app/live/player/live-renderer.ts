/** How a tile turns the stream into pictures, best first. */
export type DecoderKind = 'webcodecs' | 'mse' | 'jpeg';

export interface PaintedFrame {
  width: number;
  height: number;
  /** Milliseconds the browser measured for this frame (see each renderer), or null. */
  delayMs: number | null;
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
