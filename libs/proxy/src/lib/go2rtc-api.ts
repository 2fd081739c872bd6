import type { AxiosInstance } from 'axios';
import { engineHttpClient } from './engine-http-client';

/** go2rtc HTTP API (contract: shared/contracts/go2rtc/openapi.yaml). */
export class Go2rtcApi {
  private readonly http: AxiosInstance;

  constructor(apiPort: number, signal?: AbortSignal, timeoutMs = 5000) {
    this.http = engineHttpClient(apiPort, signal, timeoutMs);
  }

  async info(): Promise<void> {
    await this.http.get('/api');
  }

  /** The source URL carries the camera's credentials: they travel in this request only. */
  async addStream(name: string, source: string): Promise<void> {
    await this.http.put('/api/streams', null, { params: { name, src: source } });
  }

  /** The contract names the stream `src`; go2rtc itself also reads `name` to drop it. */
  async removeStream(name: string): Promise<void> {
    await this.http.delete('/api/streams', { params: { src: name, name } });
  }

  async hasStream(name: string): Promise<boolean> {
    const response = await this.http.get<Record<string, unknown>>('/api/streams');
    return Object.hasOwn(response.data ?? {}, name);
  }
}
