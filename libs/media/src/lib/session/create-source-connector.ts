import type { SourceConnector } from '../ingest/ingest';
import { MjpegConnector } from '../ingest/mjpeg-connector';
import { RtspConnector } from '../ingest/rtsp-connector';
import type { ParsedSourceUrl } from '../source/source-url';
import type { CameraSessionOptions } from './camera-session-options';

/** RTSP URLs are read by ffmpeg through the relay; http(s) URLs are MJPEG cameras read by Node itself. */
export function createSourceConnector(
  source: ParsedSourceUrl,
  options: CameraSessionOptions,
  onStderrLine: (line: string) => void,
): SourceConnector {
  const stallTimeoutMs = (options.stallTimeoutS ?? 5) * 1000;
  if (source.scheme === 'rtsp' || source.scheme === 'rtsps') {
    return new RtspConnector({
      url: options.url,
      name: options.id,
      relay: options.rtspRelay,
      verifyTls: !options.allowSelfSignedTls,
      ffmpegPath: options.ffmpegPath,
      audioBitrate: options.audioBitrate,
      timeoutS: options.verifyTimeoutS,
      stallTimeoutMs,
      registry: options.registry,
      onStderrLine,
    });
  }
  return new MjpegConnector({
    url: options.url,
    timeoutS: options.verifyTimeoutS,
    stallTimeoutMs,
    allowSelfSignedTls: options.allowSelfSignedTls,
  });
}
