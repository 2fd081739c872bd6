import type { SessionProxy } from '@camrec/shared-types';

/** How a session reaches its camera. */
export interface EngineRoute {
  proxy: SessionProxy;
  /** What the session's ingest reads. */
  ingestUrl: string;
  /** The re-published stream other tools can read; null when direct. */
  localRtspUrl: string | null;
  /** Why a session that could have been proxied reads the camera directly. */
  reason?: string;
}

/** One way of bringing a camera to the ingest: MediaMTX, go2rtc or direct. */
export interface StreamEngine {
  readonly name: SessionProxy;
  publish(sessionId: string, sourceUrl: string): Promise<EngineRoute>;
  unpublish(sessionId: string): Promise<void>;
  stop(): Promise<void>;
}

/** The engine runs but could not get the camera's stream (e.g. wrong password). */
export class EngineSourceError extends Error {}

/** The engine's path/stream name for a session. */
export function streamName(sessionId: string): string {
  return `sess-${sessionId}`;
}

export class DirectEngine implements StreamEngine {
  readonly name = 'direct' as const;

  constructor(private readonly reason?: string) {}

  async publish(_sessionId: string, sourceUrl: string): Promise<EngineRoute> {
    return { proxy: 'direct', ingestUrl: sourceUrl, localRtspUrl: null, reason: this.reason };
  }

  async unpublish(): Promise<void> {
    return undefined;
  }

  async stop(): Promise<void> {
    return undefined;
  }
}
