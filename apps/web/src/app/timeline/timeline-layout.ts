import type { CameraTimeline, TimelineClip } from '@camrec/shared-types';
import { timeToX, type TimeView } from './time-view';

/** A stretch of time in Unix ms; `endMs` of something still going on is "now" when drawn. */
export interface MsSpan {
  startMs: number;
  endMs: number | null;
}

export interface MsEvent extends MsSpan {
  count: number;
  id: string | null;
  clip: string | null;
}

export interface MsClip extends MsSpan {
  filename: string;
  trigger: TimelineClip['trigger'];
}

export interface MsKept extends MsSpan {
  id: number;
  note: string;
}

/** One camera's timeline with its times as numbers (parsed once per answer, not per frame). */
export interface LaneData {
  cameraId: string;
  recorded: MsSpan[];
  offline: MsSpan[];
  events: MsEvent[];
  clips: MsClip[];
  kept: MsKept[];
}

/** A horizontal stretch in CSS pixels. */
export interface PxSpan {
  x0: number;
  x1: number;
}

/** Motion events close together on screen drawn as one marker with their count. */
export interface PxMarker {
  x: number;
  count: number;
  /** The first event's start. */
  startMs: number;
}

export interface LaneLayout {
  cameraId: string;
  recorded: PxSpan[];
  offline: PxSpan[];
  kept: PxSpan[];
  clips: PxSpan[];
  events: PxMarker[];
}

/** Markers closer than this (px) are one marker: counts stay readable at any zoom. */
export const MARKER_GROUP_PX = 10;
/** A span is at least this wide, so a short recording still shows. */
const MIN_SPAN_PX = 1;

export function toLaneData(timeline: CameraTimeline): LaneData {
  const span = (s: { start: string; end: string | null }): MsSpan => ({
    startMs: Date.parse(s.start),
    endMs: s.end === null ? null : Date.parse(s.end),
  });
  return {
    cameraId: timeline.camera_id,
    recorded: timeline.recorded.map(span),
    offline: timeline.offline.map(span),
    events: timeline.events.map((e) => ({ ...span(e), count: e.count, id: e.id, clip: e.clip })),
    clips: timeline.clips.map((c) => ({ ...span(c), filename: c.filename, trigger: c.trigger })),
    kept: timeline.kept.map((k) => ({ ...span(k), id: k.id, note: k.note })),
  };
}

/** Where a lane's spans and markers fall on a timeline `widthPx` wide (only what is in view). */
export function layoutLane(
  lane: LaneData,
  view: TimeView,
  widthPx: number,
  nowMs: number,
): LaneLayout {
  return {
    cameraId: lane.cameraId,
    recorded: pxSpans(lane.recorded, view, widthPx, nowMs),
    offline: pxSpans(lane.offline, view, widthPx, nowMs),
    kept: pxSpans(lane.kept, view, widthPx, nowMs),
    clips: pxSpans(lane.clips, view, widthPx, nowMs),
    events: groupMarkers(lane.events, view, widthPx),
  };
}

/**
 * Spans on screen, clipped to the width, at least a pixel wide; spans that touch or overlap
 * once drawn are one (a week of minute segments is a few rectangles, not thousands).
 */
export function pxSpans(
  spans: readonly MsSpan[],
  view: TimeView,
  widthPx: number,
  nowMs: number,
): PxSpan[] {
  const out: PxSpan[] = [];
  const sorted = isSorted(spans) ? spans : [...spans].sort((a, b) => a.startMs - b.startMs);
  for (const span of sorted) {
    const end = span.endMs ?? Math.max(nowMs, span.startMs);
    if (end < view.startMs || span.startMs > view.endMs) continue;
    const x0 = Math.max(0, timeToX(view, widthPx, span.startMs));
    let x1 = Math.min(widthPx, timeToX(view, widthPx, end));
    if (x1 - x0 < MIN_SPAN_PX) x1 = Math.min(widthPx, x0 + MIN_SPAN_PX);
    const last = out[out.length - 1];
    if (last && x0 <= last.x1 + 0.5) last.x1 = Math.max(last.x1, x1);
    else out.push({ x0, x1 });
  }
  return out;
}

/** Event markers in view, those within MARKER_GROUP_PX of the group's first one counted together. */
export function groupMarkers(
  events: readonly MsEvent[],
  view: TimeView,
  widthPx: number,
): PxMarker[] {
  const out: PxMarker[] = [];
  const sorted = isSorted(events) ? events : [...events].sort((a, b) => a.startMs - b.startMs);
  for (const event of sorted) {
    if (event.startMs < view.startMs || event.startMs > view.endMs) continue;
    const x = timeToX(view, widthPx, event.startMs);
    const last = out[out.length - 1];
    if (last && x - last.x < MARKER_GROUP_PX) last.count += event.count;
    else out.push({ x, count: event.count, startMs: event.startMs });
  }
  return out;
}

/** Whether `ms` lies in one of the spans (an open one lasts until `nowMs`). */
export function spanAt<T extends MsSpan>(spans: readonly T[], ms: number, nowMs: number): T | null {
  return spans.find((s) => s.startMs <= ms && ms < (s.endMs ?? nowMs)) ?? null;
}

function isSorted(spans: readonly MsSpan[]): boolean {
  for (let i = 1; i < spans.length; i++) {
    if (spans[i].startMs < spans[i - 1].startMs) return false;
  }
  return true;
}
