import type { RtspRelay } from '@camrec/rtsp';
import type { StreamHubOptions } from '../hub/stream-hub';
import type { ChildProcessRegistry } from '@camrec/process';

export type SessionLogLevel = 'debug' | 'info' | 'warn' | 'error';

/** One log line of a session; `message` never holds credentials. */
export interface SessionLogEntry {
  level: SessionLogLevel;
  session: string;
  message: string;
}

/** Everything a session needs comes from the caller: it reads no environment and no files. */
export interface CameraSessionOptions {
  /** Session id, used in process names and log lines. */
  id: string;
  /** Camera URL (rtsp, rtsps, http, https), credentials included; validated by the session. */
  url: string;
  /**
   * The server's RTSP relay, through which ffmpeg reads an RTSP camera (the credentials stay
   * in the relay, off the command line). Without one, each ingest run starts its own.
   */
  rtspRelay?: RtspRelay;
  ffmpegPath: string;
  /** The session opens once this many frames came through the ingest… */
  verifyFrames: number;
  /** …within this many seconds (per attempt; also ffmpeg's socket timeout)… */
  verifyTimeoutS: number;
  /** …in at most this many attempts. */
  verifyAttempts: number;
  /** AAC bitrate when the camera's audio must be transcoded, e.g. "64k". */
  audioBitrate: string;
  registry: ChildProcessRegistry;
  logger?: (entry: SessionLogEntry) => void;
  /** An active camera that sends nothing for this long counts as lost (default 5). */
  stallTimeoutS?: number;
  /** First reconnect delay, doubling up to the maximum (defaults 1000 and 30000). */
  reconnectInitialDelayMs?: number;
  reconnectMaxDelayMs?: number;
  /** Accept https and rtsps cameras' certificates without verifying them (default false). */
  allowSelfSignedTls?: boolean;
  hub?: StreamHubOptions;
}
