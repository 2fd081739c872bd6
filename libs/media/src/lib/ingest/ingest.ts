import type { Fmp4Fragment, Fmp4InitSegment } from '@camrec/mp4';
import type { MediaInfo } from '@camrec/shared-types';
import type { SourceFailure } from './source-failure';

/** Where an ingest delivers what it reads from the camera. */
export interface IngestSink {
  init(segment: Fmp4InitSegment): void;
  fragment(segment: Fmp4Fragment): void;
  jpeg(frame: Buffer, capturedAt: number): void;
}

export interface IngestEnd {
  /** Null when the ingest was stopped on purpose. */
  failure: SourceFailure | null;
}

/** One running upstream connection of a session (an ffmpeg, or an HTTP response). */
export interface Ingest {
  /** What the source sends; for MJPEG known once the first frame has arrived. */
  readonly media: MediaInfo | null;
  /** Resolves when the ingest has ended and released every resource. Never rejects. */
  readonly ended: Promise<IngestEnd>;
  stop(): Promise<void>;
}

/** Starts ingests for one camera; RTSP and MJPEG sources each have one. */
export interface SourceConnector {
  readonly sourceType: 'rtsp' | 'mjpeg';
  /**
   * Connects and starts streaming into `sink`. Rejects with a SourceFailure when the camera
   * answers with an error, or with the signal's reason when aborted; leaves nothing running
   * in either case.
   */
  connect(sink: IngestSink, signal: AbortSignal): Promise<Ingest>;
}
