import type { MediaInfo } from '@camrec/shared-types';
import type { ChildProcessRegistry } from '../process/child-process-registry';
import type { Ingest, IngestSink, SourceConnector } from './ingest';
import { probeRtspSource } from './rtsp-probe';
import { RtspIngest } from './rtsp-ingest';
import { SourceFailure } from './source-failure';

export interface RtspConnectorOptions {
  url: string;
  /** Used in process names: "ffprobe <name>", "ingest <name>". */
  name: string;
  ffmpegPath: string;
  ffprobePath: string;
  audioBitrate: string;
  /** ffprobe's deadline and ffmpeg's socket timeout. */
  timeoutS: number;
  stallTimeoutMs: number;
  registry?: ChildProcessRegistry;
  onStderrLine?: (line: string) => void;
}

/**
 * H.264/H.265 over RTSP: ffprobe first (it learns the codecs that decide the ingest's audio
 * handling, and its errors classify failures), then one ingest ffmpeg.
 */
export class RtspConnector implements SourceConnector {
  readonly sourceType = 'rtsp';

  constructor(private readonly options: RtspConnectorOptions) {}

  async connect(sink: IngestSink, signal: AbortSignal): Promise<Ingest> {
    const o = this.options;
    const probed = await probeRtspSource({
      ffprobePath: o.ffprobePath,
      url: o.url,
      timeoutS: o.timeoutS,
      registry: o.registry,
      name: `ffprobe ${o.name}`,
      signal,
    });
    if (!probed.video) throw new SourceFailure('no_video', 'the stream has no video track');
    const { codec } = probed.video;
    if (codec !== 'h264' && codec !== 'hevc') {
      throw new SourceFailure('unsupported_codec', `the camera sends ${codec} video`);
    }
    const media: MediaInfo = {
      video: { ...probed.video },
      audio: probed.audio ? { codec: 'aac', source_codec: probed.audio.codec } : null,
    };
    signal.throwIfAborted();
    return new RtspIngest(
      {
        name: `ingest ${o.name}`,
        ffmpegPath: o.ffmpegPath,
        url: o.url,
        videoCodec: codec,
        audioCodec: probed.audio?.codec ?? null,
        audioBitrate: o.audioBitrate,
        media,
        socketTimeoutS: o.timeoutS,
        stallTimeoutMs: o.stallTimeoutMs,
        registry: o.registry,
        onStderrLine: o.onStderrLine,
      },
      sink,
    );
  }
}
