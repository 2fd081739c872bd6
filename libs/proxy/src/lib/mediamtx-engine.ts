import { EngineSupervisor } from './engine-supervisor';
import { MediamtxApi } from './mediamtx-api';
import { EngineRoute, EngineSourceError, StreamEngine, streamName } from './stream-engine';

export interface ApiEngineOptions {
  supervisor: EngineSupervisor;
  rtspPort: number;
  /** How long a new path may take to become ready (MediaMTX). */
  readyTimeoutMs: number;
}

/** RTSP cameras re-published by MediaMTX at rtsp://127.0.0.1:<mediamtx_port>/sess-<id>. */
export class MediamtxEngine implements StreamEngine {
  readonly name = 'mediamtx' as const;
  /** Sources by path name, to put back after an engine restart. */
  private readonly published = new Map<string, string>();

  constructor(
    private readonly api: MediamtxApi,
    private readonly options: ApiEngineOptions,
  ) {}

  async publish(sessionId: string, sourceUrl: string): Promise<EngineRoute> {
    await this.options.supervisor.start();
    const name = streamName(sessionId);
    await this.api.addPath(name, sourceUrl);
    this.published.set(name, sourceUrl);
    try {
      await this.waitUntilReady(name);
    } catch (error) {
      await this.unpublish(sessionId);
      throw error;
    }
    const url = `rtsp://127.0.0.1:${this.options.rtspPort}/${name}`;
    return { proxy: 'mediamtx', ingestUrl: url, localRtspUrl: url };
  }

  async unpublish(sessionId: string): Promise<void> {
    const name = streamName(sessionId);
    if (!this.published.delete(name)) return;
    if (this.options.supervisor.state === 'running') await this.api.removePath(name);
  }

  /** Called by the supervisor after a restart. */
  async republish(): Promise<void> {
    for (const [name, source] of this.published) await this.api.addPath(name, source);
  }

  stop(): Promise<void> {
    return this.options.supervisor.stop();
  }

  private async waitUntilReady(name: string): Promise<void> {
    const deadline = Date.now() + this.options.readyTimeoutMs;
    while (Date.now() < deadline) {
      if ((await this.api.getPath(name))?.ready) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new EngineSourceError(
      `mediamtx did not receive the camera's stream within ${this.options.readyTimeoutMs} ms`,
    );
  }
}
