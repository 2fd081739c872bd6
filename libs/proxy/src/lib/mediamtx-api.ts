import type { AxiosInstance } from 'axios';
import { engineHttpClient } from './engine-http-client';

export interface MediamtxPathState {
  ready: boolean;
  readers: number;
}

/** MediaMTX control API v3 (contract: shared/contracts/mediamtx/openapi.yaml). */
export class MediamtxApi {
  private readonly http: AxiosInstance;

  constructor(apiPort: number, signal?: AbortSignal, timeoutMs = 5000) {
    this.http = engineHttpClient(apiPort, signal, timeoutMs);
  }

  async info(): Promise<void> {
    await this.http.get('/v3/info');
  }

  /** The source URL carries the camera's credentials: they travel in this body only. */
  async addPath(name: string, source: string): Promise<void> {
    await this.http.post(`/v3/config/paths/add/${encodeURIComponent(name)}`, {
      source,
      sourceOnDemand: false,
      rtspTransport: 'tcp',
    });
  }

  async removePath(name: string): Promise<void> {
    await this.http.delete(`/v3/config/paths/delete/${encodeURIComponent(name)}`, {
      validateStatus: (status) => status === 200 || status === 404,
    });
  }

  /** Null when the path does not exist. */
  async getPath(name: string): Promise<MediamtxPathState | null> {
    const response = await this.http.get<{ ready?: boolean; readers?: unknown[] }>(
      `/v3/paths/get/${encodeURIComponent(name)}`,
      { validateStatus: (status) => status === 200 || status === 404 },
    );
    if (response.status === 404) return null;
    return { ready: response.data.ready === true, readers: response.data.readers?.length ?? 0 };
  }
}
