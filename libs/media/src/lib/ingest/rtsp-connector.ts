import { type RelayedCamera, RtspRelay } from '@camrec/rtsp';
import type { ChildProcessRegistry } from '@camrec/process';
import type { Ingest, IngestSink, SourceConnector } from './ingest';
import { RtspIngest } from './rtsp-ingest';
import { classifySocketError } from './source-failure';

export interface RtspConnectorOptions {
  /** The camera's (or proxy engine's) rtsp or rtsps URL, credentials included. */
  url: string;
  /** Used in the process name ("ingest <name>") and as the relay route's id. */
  name: string;
  /**
   * The server's relay, shared by its sessions. Without one (a session outside the server),
   * each ingest run starts a relay of its own.
   */
  relay?: RtspRelay;
  /** rtsps: check the camera's certificate. */
  verifyTls: boolean;
  ffmpegPath: string;
  audioBitrate: string;
  /** ffmpeg's socket timeout, and the relay's deadline for connecting to the camera. */
  timeoutS: number;
  stallTimeoutMs: number;
  registry?: ChildProcessRegistry;
  onStderrLine?: (line: string) => void;
}

/**
 * H.264/H.265 over RTSP: one ingest ffmpeg per connection, from the first one on (no probe),
 * reading the camera through the relay, the one hop between ffmpeg and the camera: it holds
 * the credentials and reads the camera's sender-report clock along the way. What the camera
 * sends is learned from the ingest's output; a camera whose audio needs transcoding is
 * remembered, so its reconnects start with the right command.
 */
export class RtspConnector implements SourceConnector {
  readonly sourceType = 'rtsp';
  private transcodeAudioFrom: string | null = null;

  constructor(private readonly options: RtspConnectorOptions) {}

  async connect(sink: IngestSink, signal: AbortSignal): Promise<Ingest> {
    signal.throwIfAborted();
    const camera = await this.relayCamera();
    try {
      // ffmpeg starts only once the camera answers: a camera that is off costs no process.
      await camera.reach(signal);
    } catch (error) {
      camera.close();
      signal.throwIfAborted();
      throw classifySocketError(error as NodeJS.ErrnoException);
    }
    const o = this.options;
    return new RtspIngest(
      {
        name: `ingest ${o.name}`,
        ffmpegPath: o.ffmpegPath,
        transcodeAudioFrom: this.transcodeAudioFrom,
        audioBitrate: o.audioBitrate,
        socketTimeoutS: o.timeoutS,
        stallTimeoutMs: o.stallTimeoutMs,
        registry: o.registry,
        onStderrLine: o.onStderrLine,
        onAudioNeedsTranscoding: (codec) => (this.transcodeAudioFrom = codec),
        relayCamera: () => this.relayCamera(),
      },
      sink,
      camera,
    );
  }

  /** A fresh relay route to the camera, for one ffmpeg run. */
  private async relayCamera(): Promise<RelayedCamera> {
    const o = this.options;
    const options = { verifyTls: o.verifyTls, connectTimeoutMs: o.timeoutS * 1000 };
    if (o.relay) return o.relay.add(o.name, o.url, options);
    const relay = new RtspRelay();
    await relay.start();
    try {
      const camera = relay.add(o.name, o.url, options);
      return { ...camera, close: () => void relay.stop() };
    } catch (error) {
      await relay.stop();
      throw error;
    }
  }
}
