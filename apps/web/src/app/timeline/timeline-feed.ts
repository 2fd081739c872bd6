import { signal } from '@angular/core';
import type { CameraTimeline } from '@camrec/shared-types';
import { errorMessage } from '../api/api-error';
import { spanOf, type TimeView } from './time-view';
import { toLaneData, type LaneData } from './timeline-layout';

/** Asks the server for cameras' timelines between two instants (Unix ms) at a resolution. */
export type TimelineFetch = (
  cameraIds: string[],
  startMs: number,
  endMs: number,
  resolutionMs: number,
) => Promise<CameraTimeline[]>;

/** The range fetched reaches this fraction of the view beyond each side: a pan shows data at once. */
const MARGIN = 0.5;
/** Resolutions the API accepts. */
const MIN_RESOLUTION_MS = 1000;
const MAX_RESOLUTION_MS = 86_400_000;

interface Loaded {
  startMs: number;
  endMs: number;
  resolutionMs: number;
  key: string;
}

/** The resolution for a view: about a pixel, as the API allows. */
export function resolutionFor(view: TimeView, widthPx: number): number {
  const perPx = Math.round(spanOf(view) / Math.max(1, widthPx));
  return Math.min(MAX_RESOLUTION_MS, Math.max(MIN_RESOLUTION_MS, perPx));
}

/**
 * Whether what is loaded still serves a view: it covers the view, at a resolution neither
 * much coarser (zoomed in) nor much finer (zoomed out) than the view's.
 */
export function coversView(loaded: Loaded | null, view: TimeView, resolutionMs: number): boolean {
  if (!loaded) return false;
  const ratio = resolutionMs / loaded.resolutionMs;
  return (
    loaded.startMs <= view.startMs &&
    loaded.endMs >= view.endMs &&
    ratio >= 0.5 &&
    (ratio <= 4 || loaded.resolutionMs === MIN_RESOLUTION_MS)
  );
}

/**
 * The timelines a view shows: fetched for the view plus half a view on each side, again when
 * the view leaves that or the zoom changes the resolution much, and on `refresh()` (the live
 * edge moves, a range was kept). Answers to older requests are dropped.
 */
export class TimelineFeed {
  readonly lanes = signal<LaneData[]>([]);
  readonly error = signal<string | null>(null);
  readonly loading = signal(false);
  private loaded: Loaded | null = null;
  private sequence = 0;
  private cameraIds: string[] = [];

  constructor(private readonly fetchTimelines: TimelineFetch) {}

  setCameras(ids: string[]): void {
    if (ids.join(',') === this.cameraIds.join(',')) return;
    this.cameraIds = [...ids];
    this.loaded = null;
    this.lanes.set([]);
  }

  /** Fetches what `view` needs unless it is loaded already. */
  want(view: TimeView, widthPx: number): Promise<void> {
    const resolutionMs = resolutionFor(view, widthPx);
    const key = this.cameraIds.join(',');
    if (!key || (this.loaded?.key === key && coversView(this.loaded, view, resolutionMs))) {
      return Promise.resolve();
    }
    return this.load(view, resolutionMs);
  }

  /** Fetches the view again (the footage moved on, a range was kept). */
  refresh(view: TimeView, widthPx: number): Promise<void> {
    if (!this.cameraIds.length) return Promise.resolve();
    return this.load(view, resolutionFor(view, widthPx));
  }

  private async load(view: TimeView, resolutionMs: number): Promise<void> {
    const margin = spanOf(view) * MARGIN;
    const startMs = Math.floor(view.startMs - margin);
    const endMs = Math.ceil(view.endMs + margin);
    const ids = [...this.cameraIds];
    const key = ids.join(',');
    const sequence = ++this.sequence;
    this.loading.set(true);
    try {
      const timelines = await this.fetchTimelines(ids, startMs, endMs, resolutionMs);
      if (sequence !== this.sequence) return;
      const byId = new Map(timelines.map((t) => [t.camera_id, toLaneData(t)]));
      this.lanes.set(ids.map((id) => byId.get(id) ?? emptyLane(id)));
      this.loaded = { startMs, endMs, resolutionMs, key };
      this.error.set(null);
    } catch (error) {
      if (sequence === this.sequence) this.error.set(errorMessage(error));
    } finally {
      if (sequence === this.sequence) this.loading.set(false);
    }
  }
}

function emptyLane(cameraId: string): LaneData {
  return { cameraId, recorded: [], offline: [], events: [], clips: [], kept: [] };
}
