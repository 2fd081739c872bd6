import { InjectionToken, inject } from '@angular/core';
import { ApiClient } from '../../api/api-client';

/** Which player a camera's footage needs: a `<video>`, or a canvas for JPEG frames. */
export type FootageKind = 'video' | 'jpeg';

/** The kind of a camera's footage at an instant (or of the next footage, in a gap). */
export type FootageKindLookup = (cameraId: string, atMs: number) => Promise<FootageKind>;

/** How far after an instant in a gap the next footage is looked for (as the players do). */
const LOOKAHEAD_MS = 86_400_000;

/**
 * Asks the index: the segment covering the instant, or the next one, says how it is stored.
 * A camera's footage may change kind (its `mjpeg_storage` changed), so it is asked per instant.
 */
export const FOOTAGE_KIND = new InjectionToken<FootageKindLookup>('FOOTAGE_KIND', {
  providedIn: 'root',
  factory: () => {
    const api = inject(ApiClient);
    return async (cameraId, atMs) => {
      const { segments } = await api.segments(cameraId, atMs, atMs + LOOKAHEAD_MS, 1);
      return segments[0]?.storage === 'jpeg' ? 'jpeg' : 'video';
    };
  },
});
