import type { ChildProcessRegistry } from '../process/child-process-registry';
import type { Ingest, IngestSink, SourceConnector } from './ingest';
import { RtspClockTap } from './rtsp-clock-tap';
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
 * H.264/H.265 over RTSP: one ingest ffmpeg per connection, from the first one on (no probe),
 * reading the camera through a clock tap that learns the frames' capture times.
 * What the camera sends is learned from the ingest's output; a camera whose audio needs
 * transcoding is remembered, so its reconnects start with the right command.
 */
export class RtspConnector implements SourceConnector {
  readonly sourceType = 'rtsp';
  private transcodeAudioFrom: string | null = null;

  constructor(private readonly options: RtspConnectorOptions) {}

  async connect(sink: IngestSink, signal: AbortSignal): Promise<Ingest> {
    signal.throwIfAborted();
    const tap = await this.openClockTap();
    if (signal.aborted) {
      tap?.close();
      signal.throwIfAborted();
    }
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
        openClockTap: () => this.openClockTap(),
      },
      sink,
      tap,
    );
  }

  /** Plain RTSP goes through a clock tap; over TLS (rtsps) the relay cannot read along. */
  private openClockTap(): Promise<RtspClockTap | null> {
    const url = new URL(this.options.url);
    if (url.protocol !== 'rtsp:') return Promise.resolve(null);
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    return RtspClockTap.open(host, Number(url.port || 554), this.options.timeoutS);
  }
}
