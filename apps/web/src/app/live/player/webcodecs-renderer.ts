import { extractSamples, readProducerTime, type Mp4TrackInfo } from '@camrec/mp4';
import { fitCanvas, liveContext, type LiveRenderer, type RendererEvents } from './live-renderer';

/** Frames waiting in the decoder beyond which we skip to the next keyframe to stay live. */
const MAX_DECODE_QUEUE = 10;
/** Decoder errors tolerated (each followed by a reset) before giving up on WebCodecs. */
const MAX_ERRORS = 3;

export function videoDecoderConfig(
  track: Mp4TrackInfo,
  codecFromMime: string | null,
): VideoDecoderConfig | null {
  // The init segment's own string, unless it had no configuration record to build it from.
  const codec = track.codec.includes('.') ? track.codec : codecFromMime;
  if (!codec || !track.description) return null;
  return {
    codec,
    description: track.description,
    codedWidth: track.width,
    codedHeight: track.height,
    optimizeForLatency: true,
  };
}

/** Frames still waiting in the decoder from which a decoded frame is too old to paint. */
const STALE_BEHIND = 2;

/**
 * Decodes each fMP4 sample with WebCodecs and paints it the moment it is decoded: no jitter
 * buffer, so the picture is as fresh as the network allows. A viewer that joins gets the hub's
 * cached GOP at once (it must decode from the keyframe): the keyframe is painted at once, the
 * rest of that burst is decoded without being painted while newer frames wait behind it, so
 * the picture goes from the first keyframe straight to live. Each painted frame reports its
 * capture time when the server sent one (`prft`), and its arrival → paint time.
 */
export class WebCodecsRenderer implements LiveRenderer {
  readonly kind = 'webcodecs';
  private decoder: VideoDecoder;
  private readonly context: CanvasRenderingContext2D | null;
  private waitingForKeyframe = true;
  private readonly arrivals = new Map<number, { at: number; capturedAt: number | null }>();
  private painted = 0;
  private errors = 0;
  private disposed = false;

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly track: Mp4TrackInfo,
    private readonly config: VideoDecoderConfig,
    private readonly events: RendererEvents,
  ) {
    this.context = liveContext(canvas);
    this.decoder = this.createDecoder();
  }

  push(data: Uint8Array, receivedAt: number): void {
    if (this.disposed || this.decoder.state !== 'configured') return;
    const producer = readProducerTime(data, this.track);
    const toUs = (ticks: number) => Math.round((ticks * 1_000_000) / this.track.timescale);
    for (const sample of extractSamples(data, this.track)) {
      const timestampUs = toUs(sample.decodeTime + sample.compositionOffset);
      if (!sample.keyframe && this.decoder.decodeQueueSize > MAX_DECODE_QUEUE) {
        this.waitingForKeyframe = true;
      }
      if (this.waitingForKeyframe && !sample.keyframe) continue;
      this.waitingForKeyframe = false;
      const capturedAt = producer
        ? producer.capturedAt + (timestampUs / 1000 - producer.mediaS * 1000)
        : null;
      this.remember(timestampUs, { at: receivedAt, capturedAt });
      this.decoder.decode(
        new EncodedVideoChunk({
          type: sample.keyframe ? 'key' : 'delta',
          timestamp: timestampUs,
          duration: toUs(sample.duration),
          data: sample.data,
        }),
      );
    }
  }

  setMuted(): void {
    // Video only: sound comes through the MSE path (see LivePlayer).
  }

  dispose(): void {
    this.disposed = true;
    if (this.decoder.state !== 'closed') this.decoder.close();
    this.arrivals.clear();
  }

  private createDecoder(): VideoDecoder {
    const decoder = new VideoDecoder({
      output: (frame) => this.paint(frame),
      error: (error) => this.decoderFailed(error),
    });
    decoder.configure(this.config);
    return decoder;
  }

  private paint(frame: VideoFrame): void {
    const stale = this.painted > 0 && this.decoder.decodeQueueSize >= STALE_BEHIND;
    if (this.disposed || !this.context || stale) {
      this.arrivals.delete(frame.timestamp);
      frame.close();
      return;
    }
    this.painted++;
    const width = frame.displayWidth;
    const height = frame.displayHeight;
    fitCanvas(this.canvas, width, height);
    this.context.drawImage(frame, 0, 0, width, height);
    const arrival = this.arrivals.get(frame.timestamp);
    this.arrivals.delete(frame.timestamp);
    frame.close();
    this.events.framePainted({
      width,
      height,
      capturedAt: arrival?.capturedAt ?? null,
      capturedBy: arrival?.capturedAt == null ? null : 'camera',
      localDelayMs: arrival === undefined ? null : performance.now() - arrival.at,
    });
  }

  private remember(timestampUs: number, arrival: { at: number; capturedAt: number | null }): void {
    this.arrivals.set(timestampUs, arrival);
    // Frames dropped by the decoder never come out; forget the oldest arrivals.
    if (this.arrivals.size > 120) {
      const oldest = this.arrivals.keys().next().value;
      if (oldest !== undefined) this.arrivals.delete(oldest);
    }
  }

  private decoderFailed(error: DOMException): void {
    if (this.disposed) return;
    this.errors++;
    if (this.errors >= MAX_ERRORS) {
      this.events.failed(`WebCodecs could not decode the stream: ${error.message}`);
      return;
    }
    // A closed decoder cannot be reused: start a fresh one at the next keyframe.
    this.decoder = this.createDecoder();
    this.waitingForKeyframe = true;
  }
}
