import type { Catalog } from './catalog';

/** Unix ms; `end` null while it goes on. */
export interface Span {
  start: number;
  end: number | null;
}

export interface EventMarker extends Span {
  /** The event's id when the marker is one event; null for a group. */
  id: string | null;
  count: number;
  peakScore: number;
  clip: string | null;
}

export interface Timeline {
  resolutionMs: number;
  recorded: Span[];
  offline: (Span & { reason: string })[];
  events: EventMarker[];
  clips: (Span & { filename: string; trigger: 'manual' | 'motion' | 'export'; keep: boolean })[];
  kept: (Span & { id: number; note: string })[];
}

/** About as many gaps as a screen has pixels: finer detail is not seen, only sent. */
const POINTS_PER_VIEW = 2000;
/** Below a second, a gap in the footage is a camera's frame interval, not a gap. */
const MIN_RESOLUTION_MS = 1000;
/** Clips that start this long before the range may still reach into it. */
const LONGEST_CLIP_MS = 86_400_000;

/** The resolution fit for a view of [start, end): the shortest gap worth drawing. */
export function timelineResolution(start: number, end: number): number {
  return Math.max(MIN_RESOLUTION_MS, Math.ceil((end - start) / POINTS_PER_VIEW));
}

/**
 * What a camera has between two instants, answered from the index at `resolutionMs`: segments
 * merged into recorded spans where the gap between them is shorter (in SQLite), events grouped
 * likewise, so
 * that a week at a glance is a few hundred spans, not ten thousand segments.
 */
export async function readTimeline(
  catalog: Catalog,
  cameraId: string,
  start: number,
  end: number,
  resolutionMs = timelineResolution(start, end),
): Promise<Timeline> {
  const [recorded, offline, events, clips, kept] = await Promise.all([
    catalog.segments.recordedSpans(cameraId, start, end, resolutionMs),
    catalog.offlinePeriods.between(cameraId, start, end),
    catalog.events.between(cameraId, start, end),
    catalog.clips.list({ cameraId, since: start - LONGEST_CLIP_MS, before: end, limit: 10_000 }),
    catalog.keptRanges.list(cameraId, start, end),
  ]);
  return {
    resolutionMs,
    recorded,
    offline: offline.map((p) => ({ start: p.start_ms, end: p.end_ms, reason: p.reason })),
    events: groupEvents(
      events.map((e) => ({
        id: e.id,
        start: e.start_ms,
        end: e.end_ms,
        count: 1,
        peakScore: e.peak_score,
        clip: e.clip_filename,
      })),
      resolutionMs,
    ),
    clips: clips
      .filter((c) => c.end_ms > start)
      .reverse()
      .map((c) => ({
        start: c.start_ms,
        end: c.end_ms,
        filename: c.filename,
        trigger: c.trigger,
        keep: c.keep,
      })),
    kept: kept.map((k) => ({ start: k.start_ms, end: k.end_ms, id: k.id, note: k.note })),
  };
}

/** Events by start; those less than `gapMs` apart become one marker counting them. */
export function groupEvents(events: EventMarker[], gapMs: number): EventMarker[] {
  const markers: EventMarker[] = [];
  for (const event of events) {
    const last = markers[markers.length - 1];
    const lastEnd = last ? (last.end ?? Number.POSITIVE_INFINITY) : 0;
    if (last && event.start - lastEnd < gapMs) {
      last.end = last.end === null || event.end === null ? null : Math.max(last.end, event.end);
      last.count += event.count;
      last.peakScore = Math.max(last.peakScore, event.peakScore);
      last.id = null;
      last.clip = null;
    } else {
      markers.push({ ...event });
    }
  }
  return markers;
}
