/**
 * The packets a StreamHub fans out. An H.264/H.265 session publishes `init` + `fragment`
 * packets (fragmented MP4, video copied from the camera); an MJPEG session publishes `jpeg`.
 */
export interface InitPacket {
  type: 'init';
  /** ftyp + moov, exactly as ffmpeg wrote them. */
  data: Buffer;
  /** `video/mp4; codecs="avc1.64001f, mp4a.40.2"` */
  mime: string;
  /** Increments each time the ingest restarts with a new init segment. */
  generation: number;
}

export interface FragmentPacket {
  type: 'fragment';
  /** moof + mdat (plus any boxes ffmpeg wrote between them). */
  data: Buffer;
  /** True when the fragment's first sample is a sync sample (a consumer may start here). */
  keyframe: boolean;
  /** Number of video samples in the fragment. */
  frames: number;
  /** Wall-clock ms when the fragment was read from the ingest. */
  receivedAt: number;
  /** Hub-wide sequence number. */
  seq: number;
  generation: number;
}

export interface JpegPacket {
  type: 'jpeg';
  data: Buffer;
  /** Wall-clock ms when the frame arrived (MJPEG cameras give no timestamps). */
  capturedAt: number;
  /** Frame number since the session opened. */
  seq: number;
}

export type HubPacket = InitPacket | FragmentPacket | JpegPacket;

/**
 * How a subscription behaves when its consumer falls behind:
 * - `keyframe`: drop the queue and resume at the next keyframe (fMP4 viewers);
 * - `latest`: keep only the newest frame (JPEG viewers);
 * - `lossless`: never drop; overflowing `maxQueueBytes` fails the subscription (recorder).
 */
export type OverflowPolicy = 'keyframe' | 'latest' | 'lossless';

export interface SubscribeOptions {
  /** Shown in stats and errors, e.g. "viewer 3" or "recorder". */
  name: string;
  policy: OverflowPolicy;
  /** Bound of the queue in bytes. */
  maxQueueBytes: number;
}

export interface SubscriptionStats {
  delivered: number;
  skipped: number;
  queuedBytes: number;
  /**
   * Wall-clock ms the oldest media packet still queued arrived (null when none waits): how far
   * behind the camera the consumer is.
   */
  oldestQueuedAt: number | null;
}

/**
 * One consumer's view of a StreamHub: iterate it with `for await`. Iteration ends when the
 * hub ends (`endReason` then says why) or after `close()`; it throws a `HubOverflowError`
 * when a lossless subscription overflows.
 */
export interface HubSubscription extends AsyncIterable<HubPacket> {
  readonly name: string;
  readonly policy: OverflowPolicy;
  /** Why the hub ended the stream (e.g. "session closed"); null while it runs. */
  readonly endReason: string | null;
  stats(): SubscriptionStats;
  /** Stops receiving; a pending iteration finishes. Safe to call repeatedly. */
  close(): void;
  /**
   * Stops receiving new packets but still delivers what is queued, then the iteration
   * finishes (a recorder asked to stop writes everything that arrived before). Safe to call
   * repeatedly; `close()` afterwards drops what is left.
   */
  end(): void;
}

/** A subscription as listed by the hub, e.g. for viewer counts. */
export interface SubscriptionSummary extends SubscriptionStats {
  name: string;
  policy: OverflowPolicy;
}
