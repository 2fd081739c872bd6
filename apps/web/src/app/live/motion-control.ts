import { DestroyRef, Injectable, inject, signal } from '@angular/core';
import type {
  MotionEvent,
  MotionSettingsRequest,
  MotionSettingsResponse,
  MotionZone,
} from '@camrec/shared-types';
import { ApiClient } from '../api/api-client';
import { errorMessage } from '../api/api-error';
import { startPolling } from '../shared/polling';

const EVENTS_POLL_MS = 5000;

/**
 * One tile's motion detection: its settings, its recent events, and the tuning state shared by
 * the panel (sliders) and the picture overlay (zones drawn on it). One per tile.
 */
@Injectable()
export class MotionControl {
  private readonly api = inject(ApiClient);
  private readonly destroyRef = inject(DestroyRef);
  private sessionId = '';
  private stopPolling: (() => void) | null = null;

  readonly settings = signal<MotionSettingsResponse | null>(null);
  readonly events = signal<MotionEvent[]>([]);
  readonly error = signal<string | null>(null);
  readonly busy = signal(false);
  readonly tuning = signal(false);
  /** Points of the exclusion zone being drawn on the picture; null when not drawing. */
  readonly drawing = signal<MotionZone | null>(null);

  follow(sessionId: string): void {
    if (this.sessionId === sessionId) return;
    this.sessionId = sessionId;
    void this.load();
    this.stopPolling?.();
    this.stopPolling = startPolling(() => this.refreshEvents(), EVENTS_POLL_MS, this.destroyRef);
  }

  async load(): Promise<void> {
    try {
      this.settings.set(await this.api.motionSettings(this.sessionId));
    } catch (error) {
      this.error.set(errorMessage(error));
    }
  }

  async update(change: Partial<MotionSettingsRequest>): Promise<void> {
    const current = this.settings();
    if (!current) return;
    this.busy.set(true);
    try {
      this.settings.set(
        await this.api.updateMotion(this.sessionId, { enabled: current.enabled, ...change }),
      );
      this.error.set(null);
    } catch (error) {
      this.error.set(errorMessage(error));
    } finally {
      this.busy.set(false);
    }
  }

  async refreshEvents(): Promise<void> {
    if (!this.sessionId) return;
    try {
      this.events.set((await this.api.listEvents(this.sessionId, 10)).events);
    } catch (error) {
      this.error.set(errorMessage(error));
    }
  }

  async deleteEvent(id: string): Promise<void> {
    try {
      await this.api.deleteEvent(id);
      this.events.update((events) => events.filter((event) => event.id !== id));
    } catch (error) {
      this.error.set(errorMessage(error));
    }
  }

  startZone(): void {
    this.drawing.set([]);
  }

  /** A click on the picture, in 0–1 coordinates. */
  addPoint(x: number, y: number): void {
    this.drawing.update((points) => (points ? [...points, [round(x), round(y)]] : points));
  }

  async finishZone(): Promise<void> {
    const points = this.drawing();
    this.drawing.set(null);
    if (!points || points.length < 3) return;
    await this.update({ zones_excluded: [...(this.settings()?.zones_excluded ?? []), points] });
  }

  clearZones(): Promise<void> {
    return this.update({ zones_excluded: [] });
  }
}

function round(value: number): number {
  return Math.round(Math.min(1, Math.max(0, value)) * 1000) / 1000;
}
