import { parseJpegMessage, type JpegMessage } from './jpeg-message';
import { fitCanvas, liveContext, type LiveRenderer, type RendererEvents } from './live-renderer';

/**
 * Paints JPEG frames on a canvas: the live `jpeg` stream's, and recorded footage kept as JPEG
 * frames (see JpegFootagePlayer). Only the newest frame waiting is kept: if decoding falls
 * behind, older frames are skipped rather than shown late. Each painted frame reports the
 * server's capture stamp and its arrival → paint time.
 */
export class JpegRenderer implements LiveRenderer {
  readonly kind = 'jpeg';
  private readonly context: CanvasRenderingContext2D | null;
  private pending: { message: JpegMessage; receivedAt: number } | null = null;
  private drawing = false;
  private disposed = false;

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly events: RendererEvents,
  ) {
    this.context = liveContext(canvas);
  }

  push(data: Uint8Array, receivedAt: number): void {
    const message = parseJpegMessage(data);
    if (message) this.show(message, receivedAt);
  }

  /** Paints a frame already read (recorded footage's JPEG player hands them over so). */
  show(message: JpegMessage, receivedAt: number): void {
    if (this.disposed) return;
    this.pending = { message, receivedAt };
    if (!this.drawing) void this.drawPending();
  }

  setMuted(): void {
    // JPEG frames carry no sound.
  }

  dispose(): void {
    this.disposed = true;
    this.pending = null;
  }

  private async drawPending(): Promise<void> {
    this.drawing = true;
    while (this.pending && !this.disposed) {
      const { message, receivedAt } = this.pending;
      this.pending = null;
      try {
        const blob = new Blob([message.jpeg as Uint8Array<ArrayBuffer>], { type: 'image/jpeg' });
        const bitmap = await createImageBitmap(blob);
        if (!this.disposed && this.context) {
          fitCanvas(this.canvas, bitmap.width, bitmap.height);
          this.context.drawImage(bitmap, 0, 0);
          this.events.framePainted({
            width: bitmap.width,
            height: bitmap.height,
            capturedAt: message.captureMs,
            capturedBy: 'server',
            localDelayMs: performance.now() - receivedAt,
          });
        }
        bitmap.close();
      } catch {
        // A damaged frame is skipped; the next one replaces it.
      }
    }
    this.drawing = false;
  }
}
