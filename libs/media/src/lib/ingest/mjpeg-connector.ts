import { boundaryFromContentType } from '../mjpeg/multipart-reader';
import { requestCameraStream } from './camera-http-request';
import type { Ingest, IngestSink, SourceConnector } from './ingest';
import { MjpegIngest } from './mjpeg-ingest';
import { SourceFailure } from './source-failure';

export interface MjpegConnectorOptions {
  url: string;
  /** Deadline for the camera's response headers. */
  timeoutS: number;
  stallTimeoutMs: number;
  /** Accept any certificate of an https camera without verifying it (default false). */
  allowSelfSignedTls?: boolean;
}

/** MJPEG over http(s): one GET whose multipart response is the ingest. */
export class MjpegConnector implements SourceConnector {
  readonly sourceType = 'mjpeg';

  constructor(private readonly options: MjpegConnectorOptions) {}

  async connect(sink: IngestSink, signal: AbortSignal): Promise<Ingest> {
    const response = await requestCameraStream({
      url: new URL(this.options.url),
      timeoutMs: this.options.timeoutS * 1000,
      rejectUnauthorized: !(this.options.allowSelfSignedTls ?? false),
      signal,
    });
    const contentType = response.headers['content-type'];
    const mediaType = contentType?.split(';')[0].trim().toLowerCase() || 'none';
    const boundary = boundaryFromContentType(contentType);
    if (mediaType !== 'multipart/x-mixed-replace' || !boundary) {
      response.destroy();
      const got =
        mediaType === 'multipart/x-mixed-replace' ? `${mediaType} without a boundary` : mediaType;
      throw new SourceFailure('unsupported_content_type', got);
    }
    return new MjpegIngest(response, boundary, this.options.stallTimeoutMs, sink);
  }
}
