export const SECOND_MS = 1000;
export const MINUTE_MS = 60 * SECOND_MS;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

/** The closest zoom: one minute across the timeline. */
export const MIN_SPAN_MS = MINUTE_MS;
/** The widest: a month at a glance (the rest of the retained period is a pan away). */
export const MAX_SPAN_MS = 31 * DAY_MS;
/** How far back a view may go: the API answers ranges within 400 days. */
export const HISTORY_MS = 395 * DAY_MS;
/** Room after "now" at the right end, so the live edge is not glued to the border. */
export const FUTURE_ROOM = 0.05;

/** The stretch of time the timeline shows, Unix ms. */
export interface TimeView {
  readonly startMs: number;
  readonly endMs: number;
}

export function spanOf(view: TimeView): number {
  return view.endMs - view.startMs;
}

/** Where an instant falls on a timeline `widthPx` wide (may be outside 0…width). */
export function timeToX(view: TimeView, widthPx: number, ms: number): number {
  return ((ms - view.startMs) / spanOf(view)) * widthPx;
}

/** The instant under pixel `x` of a timeline `widthPx` wide. */
export function xToTime(view: TimeView, widthPx: number, x: number): number {
  return view.startMs + (x / widthPx) * spanOf(view);
}

/** A view `spanMs` long with `atMs` at `fraction` of its width (0: left edge, 1: right). */
export function viewAround(atMs: number, spanMs: number, fraction = 0.5): TimeView {
  const span = clampSpan(spanMs);
  const startMs = atMs - span * fraction;
  return { startMs, endMs: startMs + span };
}

/**
 * Zooms by `factor` (< 1 in, > 1 out) keeping `anchorMs` (the pointer's instant, or the play
 * position) at the same pixel; the span stays within one minute and a month, and the view
 * within the retained past and "now".
 */
export function zoomView(
  view: TimeView,
  factor: number,
  anchorMs: number,
  nowMs: number,
): TimeView {
  const span = spanOf(view);
  const next = clampSpan(span * factor);
  const ratio = Math.min(1, Math.max(0, (anchorMs - view.startMs) / span));
  const startMs = anchorMs - ratio * next;
  return limitView({ startMs, endMs: startMs + next }, nowMs);
}

/** Moves the view by `deltaMs` (negative: into the past), within the retained past and now. */
export function panView(view: TimeView, deltaMs: number, nowMs: number): TimeView {
  return limitView({ startMs: view.startMs + deltaMs, endMs: view.endMs + deltaMs }, nowMs);
}

/**
 * Keeps a view where there can be footage: it ends at most a little after now, and starts no
 * earlier than the API can answer; its span is kept.
 */
export function limitView(view: TimeView, nowMs: number): TimeView {
  const span = clampSpan(spanOf(view));
  const latestEnd = nowMs + span * FUTURE_ROOM;
  const earliestStart = nowMs - HISTORY_MS;
  let startMs = Math.min(view.startMs, latestEnd - span);
  startMs = Math.max(startMs, earliestStart);
  return { startMs, endMs: startMs + span };
}

/** The view moved so that `ms` is on it (a page at a time while playing on), or as it was. */
export function followView(view: TimeView, ms: number, nowMs: number): TimeView {
  const span = spanOf(view);
  if (ms >= view.startMs && ms <= view.endMs - span * 0.02) return view;
  return limitView(viewAround(ms, span, 0.1), nowMs);
}

function clampSpan(spanMs: number): number {
  return Math.min(MAX_SPAN_MS, Math.max(MIN_SPAN_MS, spanMs));
}
