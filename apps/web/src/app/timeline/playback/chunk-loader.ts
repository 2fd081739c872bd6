import { InjectionToken } from '@angular/core';
import type { ChunkLoader } from './timeline-player';

/** The URL of a chunk of a camera's footage (`GET /cameras/:id/playback.mp4`). */
export function playbackUrl(
  cameraId: string,
  atMs: number,
  originMs: number,
  durationS: number,
): string {
  const query = `at=${Math.round(atMs)}&origin=${Math.round(originMs)}&duration=${durationS}`;
  return `/cameras/${encodeURIComponent(cameraId)}/playback.mp4?${query}`;
}

/**
 * Chunks over `fetch` (the sign-in cookie goes along: same origin): the bytes, "none" for a
 * 404, "before-origin" for the 400 that says the footage starts before the origin.
 */
export function httpChunkLoader(
  fetchImpl: typeof fetch = (...args) => fetch(...args),
): ChunkLoader {
  return async (cameraId, request, originMs, signal) => {
    const url = playbackUrl(cameraId, request.atMs, originMs, request.durationS);
    const response = await fetchImpl(url, { signal, credentials: 'same-origin' });
    if (response.status === 404) return { kind: 'none' };
    if (!response.ok) {
      const body = (await response.json().catch(() => null)) as { message?: unknown } | null;
      const message = typeof body?.message === 'string' ? body.message : '';
      if (response.status === 400 && message.startsWith('origin')) return { kind: 'before-origin' };
      throw new Error(message || `the server answered ${response.status} for the footage`);
    }
    return { kind: 'media', bytes: new Uint8Array(await response.arrayBuffer()) };
  };
}

/** How players fetch footage; tests provide their own. */
export const CHUNK_LOADER = new InjectionToken<ChunkLoader>('CHUNK_LOADER', {
  providedIn: 'root',
  factory: () => httpChunkLoader(),
});
