import type { SessionState } from './session';

/** `format` query parameter of the `/stream` WebSocket. */
export type StreamFormat = 'mse' | 'jpeg' | 'json';

/** WebSocket close codes used by `/stream`. */
export const STREAM_CLOSE = {
  /** Session closed by the user or the server shutting down. */
  SESSION_CLOSED: 4000,
  /** Stream stopped after too many consecutive errors. */
  TOO_MANY_ERRORS: 4001,
  BAD_REQUEST: 4400,
  SESSION_NOT_FOUND: 4404,
  UNSUPPORTED_FORMAT: 4415,
  /** The session already has max_viewers_per_session viewers. */
  TOO_MANY_VIEWERS: 4429,
} as const;

/** First message of an `mse` stream; repeated when the stream changes after a reconnect. */
export interface StreamInitMessage {
  type: 'init';
  /** e.g. `video/mp4; codecs="avc1.64001f, mp4a.40.2"` */
  mime: string;
  /** Increments each time the ingest starts a new init segment. */
  generation: number;
}

/** The seed's JSON frame message (`format=json`), kept exactly. */
export interface StreamFrameMessage {
  type: 'frame';
  /** base64 JPEG */
  data: string;
  /** capture time, unix seconds (float) */
  timestamp: number;
  frame_number: number;
}

export interface ViewerStats {
  frames_sent: number;
  frames_skipped: number;
  bytes_in_flight: number;
}

export interface StreamStatusMessage {
  type: 'status';
  state: SessionState;
  /** Why the state changed (reconnecting, closed), in words. */
  reason?: string;
  viewer?: ViewerStats;
}

export interface StreamErrorMessage {
  type: 'error';
  message: string;
}

/**
 * Answer to a StreamClockRequest, sent at once: the client estimates the server's clock as
 * `server_time` at the midpoint of its request's round trip, give or take half of it.
 */
export interface StreamClockMessage {
  type: 'clock';
  /** The request's `client_time`, echoed. */
  client_time: number;
  /** The server's wall clock, ms since 1970. */
  server_time: number;
}

export type StreamServerMessage =
  | StreamInitMessage
  | StreamFrameMessage
  | StreamStatusMessage
  | StreamErrorMessage
  | StreamClockMessage;

/** Messages a client may send. */
export interface StreamStatsRequest {
  type: 'stats';
}
/** Asks for the server's clock (see StreamClockMessage). */
export interface StreamClockRequest {
  type: 'clock';
  /** The client's wall clock, ms since 1970. */
  client_time: number;
}
export type StreamClientMessage = StreamStatsRequest | StreamClockRequest;

/**
 * Binary JPEG message (`format=jpeg`): a 16-byte header then the JPEG bytes.
 * Header: uint32 magic "CRJP", uint32 frame number, float64 capture time in ms (all big-endian).
 */
export const JPEG_MESSAGE_HEADER_BYTES = 16;
export const JPEG_MESSAGE_MAGIC = 0x43524a50;
