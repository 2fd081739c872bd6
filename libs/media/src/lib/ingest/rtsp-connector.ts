import type { ChildProcessRegistry } from '../process/child-process-registry';
import type { Ingest, IngestSink, SourceConnector } from './ingest';
import { RtspIngest } from './rtsp-ingest';

export interface RtspConnectorOptions {
  url: string;
  /** Used in the process name: "ingest <name>". */
  name: string;
  ffmpegPath: string;
  audioBitrate: string;
  /** ffmpeg's socket timeout. */
  timeoutS: number;
  stallTimeoutMs: number;
  registry?: ChildProcessRegistry;
  onStderrLine?: (line: string) => void;
}

/**
 * H.264/H.265 over RTSP: one ingest ffmpeg per connection, from the first one on (no probe).
 * What the camera sends is learned from the ingest's output; a camera whose audio needs
 * transcoding is remembered, so its reconnects start with the right command.
 */
export class RtspConnector implements SourceConnector {
  readonly sourceType = 'rtsp';
  private transcodeAudioFrom: string | null = null;

  constructor(private readonly options: RtspConnectorOptions) {}

  async connect(sink: IngestSink, signal: AbortSignal): Promise<Ingest> {
    signal.throwIfAborted();
    const o = this.options;
    return new RtspIngest(
      {
        name: `ingest ${o.name}`,
        ffmpegPath: o.ffmpegPath,
        url: o.url,
        transcodeAudioFrom: this.transcodeAudioFrom,
        audioBitrate: o.audioBitrate,
        socketTimeoutS: o.timeoutS,
        stallTimeoutMs: o.stallTimeoutMs,
        registry: o.registry,
        onStderrLine: o.onStderrLine,
        onAudioNeedsTranscoding: (codec) => (this.transcodeAudioFrom = codec),
      },
      sink,
    );
  }
}
