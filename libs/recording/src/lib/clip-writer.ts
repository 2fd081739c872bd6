import type { WriterResult } from './fragment-writer';

/** What a recording drives: the FragmentWriter itself, or the MJPEG recorder around one. */
export interface ClipWriter {
  /** Resolves when writing has ended and the `.part` is closed; rejects when it failed. */
  readonly finished: Promise<WriterResult>;
  /** Ends writing; resolves like `finished`. Safe to call repeatedly. */
  stop(): Promise<WriterResult>;
  readonly bytesWritten: number;
  /** Seconds of video in the `.part`. */
  readonly durationS: number;
}
