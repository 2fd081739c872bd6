import type { CameraStream, MediaInfo } from '@camrec/shared-types';
import type { CameraSession, CameraSessionOptions } from '@camrec/media';
import type { EngineRoute } from '@camrec/proxy';

/** Per-session facts the API keeps beside the camera session. */
export interface SessionEntry {
  id: string;
  name: string;
  /** The URL as given, with credentials: the key for "same URL twice". */
  url: string;
  createdAt: Date;
  /** The saved camera the session belongs to, and which of its streams it reads. */
  owner: SessionOwner | null;
  camera: CameraSession;
  /** How the ingest reaches the camera: through an engine, or directly. */
  route: EngineRoute;
  /** What the camera sent when it opened (the camera's own view may change on reconnect). */
  media: MediaInfo;
  viewers: number;
  /** The camera's TLS certificate is accepted without verification (insecure_tls). */
  insecureTls: boolean;
  closing?: Promise<void>;
}

export interface SessionOwner {
  cameraId: string;
  stream: CameraStream;
}

/**
 * Makes the camera session of a new session entry; injected, so that the session service can
 * be tested with a fake camera.
 */
export abstract class CameraSessionFactory {
  abstract create(options: CameraSessionOptions): CameraSession;
}
