import { Go2rtcApi } from './go2rtc-api';
import type { ApiEngineOptions } from './mediamtx-engine';
import { EngineRoute, StreamEngine, streamName } from './stream-engine';

/**
 * MJPEG cameras through go2rtc: other tools read rtsp://127.0.0.1:<go2rtc_port>/sess-<id>;
 * the session's ingest reads go2rtc's MJPEG output of the same stream, so JPEG frames still
 * pass through untouched and the camera still sees one connection.
 */
export class Go2rtcEngine implements StreamEngine {
  readonly name = 'go2rtc' as const;
  private readonly published = new Map<string, string>();

  constructor(
    private readonly api: Go2rtcApi,
    private readonly apiPort: number,
    private readonly options: Omit<ApiEngineOptions, 'readyTimeoutMs'>,
  ) {}

  async publish(sessionId: string, sourceUrl: string): Promise<EngineRoute> {
    await this.options.supervisor.start();
    const name = streamName(sessionId);
    await this.api.addStream(name, sourceUrl);
    this.published.set(name, sourceUrl);
    return {
      proxy: 'go2rtc',
      ingestUrl: `http://127.0.0.1:${this.apiPort}/api/stream.mjpeg?src=${name}`,
      localRtspUrl: `rtsp://127.0.0.1:${this.options.rtspPort}/${name}`,
    };
  }

  async unpublish(sessionId: string): Promise<void> {
    const name = streamName(sessionId);
    if (!this.published.delete(name)) return;
    if (this.options.supervisor.state === 'running') await this.api.removeStream(name);
  }

  async republish(): Promise<void> {
    for (const [name, source] of this.published) await this.api.addStream(name, source);
  }

  stop(): Promise<void> {
    return this.options.supervisor.stop();
  }
}
