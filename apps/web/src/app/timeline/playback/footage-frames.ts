import { InjectionToken } from '@angular/core';
import { FOOTAGE_FRAME_HEADER_BYTES } from '@camrec/shared-types';
import type { ChunkRequest } from './chunk-plan';

/** One frame of footage kept as JPEG frames, as `jpeg-frames` sends it. */
export interface FootageFrame {
  /** When it was captured, Unix ms. */
  atMs: number;
  /** Until the next frame, ms. */
  durationMs: number;
  jpeg: Uint8Array;
}

/** Reads the records of a `jpeg-frames` answer (see FOOTAGE_FRAME_HEADER_BYTES). */
export function parseFootageFrames(bytes: Uint8Array): FootageFrame[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const frames: FootageFrame[] = [];
  for (let at = 0; at < bytes.length;) {
    const start = at + FOOTAGE_FRAME_HEADER_BYTES;
    const length = start <= bytes.length ? view.getUint32(at + 16) : 0;
    if (start > bytes.length || start + length > bytes.length) {
      throw new Error(`the server sent a frame cut short at byte ${at}`);
    }
    frames.push({
      atMs: view.getFloat64(at),
      durationMs: view.getFloat64(at + 8),
      jpeg: bytes.subarray(start, start + length),
    });
    at = start + length;
  }
  return frames;
}

/** What the server answered for a chunk of JPEG frames: none is its 404. */
export type FrameChunkAnswer = { kind: 'frames'; frames: FootageFrame[] } | { kind: 'none' };

export type FrameChunkLoader = (
  cameraId: string,
  request: ChunkRequest,
  signal: AbortSignal,
) => Promise<FrameChunkAnswer>;

/** The URL of a chunk of a camera's JPEG frames (`GET /cameras/:id/jpeg-frames`). */
export function jpegFramesUrl(cameraId: string, atMs: number, durationS: number): string {
  const query = `at=${Math.round(atMs)}&duration=${durationS}`;
  return `/cameras/${encodeURIComponent(cameraId)}/jpeg-frames?${query}`;
}

/** Chunks over `fetch` (the sign-in cookie goes along: same origin). */
export function httpFrameChunkLoader(
  fetchImpl: typeof fetch = (...args) => fetch(...args),
): FrameChunkLoader {
  return async (cameraId, request, signal) => {
    const url = jpegFramesUrl(cameraId, request.atMs, request.durationS);
    const response = await fetchImpl(url, { signal, credentials: 'same-origin' });
    if (response.status === 404) return { kind: 'none' };
    if (!response.ok) {
      const body = (await response.json().catch(() => null)) as { message?: unknown } | null;
      const message = typeof body?.message === 'string' ? body.message : '';
      throw new Error(message || `the server answered ${response.status} for the footage`);
    }
    return {
      kind: 'frames',
      frames: parseFootageFrames(new Uint8Array(await response.arrayBuffer())),
    };
  };
}

/** How JPEG players fetch footage; tests provide their own. */
export const FRAME_CHUNK_LOADER = new InjectionToken<FrameChunkLoader>('FRAME_CHUNK_LOADER', {
  providedIn: 'root',
  factory: () => httpFrameChunkLoader(),
});
