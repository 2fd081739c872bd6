import type { ChildProcessRegistry, MediaProcess } from '@camrec/process';
import { HubFedDecoder } from '../decode/hub-fed-decoder';
import { buildJpegPreviewArgs } from '../ingest/ffmpeg-args';
import { StreamHub } from '../hub/stream-hub';
import { JpegSplitter } from '../mjpeg/jpeg-splitter';

export interface JpegPreviewDecoderOptions {
  /** Process name in the registry, e.g. "preview sess-1". */
  name: string;
  ffmpegPath: string;
  /** The session's fMP4 hub. */
  source: StreamHub;
  /** 1 (smallest) to 100 (best). */
  jpegQuality: number;
  /** Longest preview width in pixels; null or absent keeps the camera's size. */
  maxWidth?: number | null;
  registry?: ChildProcessRegistry;
  /** Bound of the decoder's queue on the source hub (default 4 MiB). */
  maxQueueBytes?: number;
  onError?: (message: string) => void;
}

/**
 * JPEG frames for JPEG viewers of an H.264/H.265 camera: a hub-fed ffmpeg decodes the session's
 * fMP4 and its JPEGs are fanned out by `hub`. The caller starts one when the first JPEG viewer
 * arrives and stops it when the last one leaves.
 */
export class JpegPreviewDecoder {
  /** JPEG packets, one per decoded frame. */
  readonly hub = new StreamHub();
  private readonly decoder: HubFedDecoder;
  private seq = 0;

  private constructor(private readonly options: JpegPreviewDecoderOptions) {
    this.decoder = new HubFedDecoder({
      name: options.name,
      label: 'preview decoder',
      ffmpegPath: options.ffmpegPath,
      args: buildJpegPreviewArgs({ jpegQuality: options.jpegQuality, maxWidth: options.maxWidth }),
      source: options.source,
      maxQueueBytes: options.maxQueueBytes ?? 4 * 1024 * 1024,
      registry: options.registry,
      readOutput: (decoder) => this.readJpegs(decoder),
      onError: options.onError,
      onStopped: (reason) => this.hub.end(reason),
    });
  }

  static start(options: JpegPreviewDecoderOptions): JpegPreviewDecoder {
    return new JpegPreviewDecoder(options);
  }

  get running(): boolean {
    return this.decoder.running;
  }

  /** Stops the decoder; JPEG viewers see their stream end with `reason`. */
  stop(reason = 'preview stopped'): Promise<void> {
    return this.decoder.stop(reason);
  }

  private readJpegs(decoder: MediaProcess): (chunk: Buffer) => void {
    const splitter = new JpegSplitter();
    let unreadable = false;
    return (chunk) => {
      if (unreadable) return;
      let frames: Buffer[];
      try {
        frames = splitter.push(chunk);
      } catch (error) {
        // Never an uncaught exception: this decoder goes, the next keyframe starts a new one.
        unreadable = true;
        this.options.onError?.(`preview decoder output unreadable: ${(error as Error).message}`);
        void decoder.stop({ quitTimeoutMs: 0, termTimeoutMs: 2000 });
        return;
      }
      for (const frame of frames) {
        this.hub.publish({ type: 'jpeg', data: frame, capturedAt: Date.now(), seq: this.seq++ });
      }
    };
  }
}
