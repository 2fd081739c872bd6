import type { TimeTick } from './time-ticks';
import { timeToX, type TimeView } from './time-view';
import type { LaneLayout, PxMarker } from './timeline-layout';

/** Heights of the drawing, CSS px. */
export const AXIS_HEIGHT = 22;
export const LANE_HEIGHT = 32;
const BAR_TOP = 6;
const BAR_HEIGHT = 16;
const STRIP = 3;

/** The colours people read the timeline by (the legend uses the same). */
export const TIMELINE_COLOURS = {
  background: '#13161c',
  gap: '#2a2f39',
  recorded: '#2fa36b',
  offline: '#c2453b',
  event: '#f0a93c',
  clip: '#5b8ff9',
  kept: '#e5c454',
  selection: 'rgba(91, 143, 249, 0.28)',
  selectionEdge: '#7aa5fb',
  cursor: '#ff5a4f',
  now: '#9aa3af',
  tick: 'rgba(255, 255, 255, 0.09)',
  dayTick: 'rgba(255, 255, 255, 0.28)',
  label: '#c3c9d2',
  dayLabel: '#ffffff',
} as const;

export interface PaintedLane {
  name: string;
  layout: LaneLayout;
}

/** Everything one render of the timeline draws. */
export interface TimelinePicture {
  view: TimeView;
  widthPx: number;
  nowMs: number;
  lanes: PaintedLane[];
  ticks: TimeTick[];
  /** The play position (or now, live); null draws no cursor. */
  cursorMs: number | null;
  hoverX: number | null;
  marks: { inMs: number | null; outMs: number | null };
  /** Camera names drawn on their lanes (several cameras). */
  showNames: boolean;
}

export function timelineHeight(lanes: number): number {
  return AXIS_HEIGHT + Math.max(1, lanes) * LANE_HEIGHT + 4;
}

/** Draws the whole timeline at once on a canvas context scaled to CSS pixels. */
export function paintTimeline(ctx: CanvasRenderingContext2D, picture: TimelinePicture): void {
  const { view, widthPx: width } = picture;
  const height = timelineHeight(picture.lanes.length);
  const c = TIMELINE_COLOURS;
  ctx.fillStyle = c.background;
  ctx.fillRect(0, 0, width, height);

  // Grid and labels.
  ctx.font = '11px system-ui, sans-serif';
  ctx.textBaseline = 'middle';
  for (const tick of picture.ticks) {
    const x = Math.round(timeToX(view, width, tick.ms)) + 0.5;
    ctx.fillStyle = tick.day ? c.dayTick : c.tick;
    ctx.fillRect(x - 0.5, tick.day ? 0 : AXIS_HEIGHT - 5, 1, height);
    ctx.fillStyle = tick.day ? c.dayLabel : c.label;
    ctx.font = tick.day ? '600 11px system-ui, sans-serif' : '11px system-ui, sans-serif';
    ctx.fillText(tick.label, x + 4, AXIS_HEIGHT / 2);
  }

  picture.lanes.forEach((lane, i) => paintLane(ctx, lane, AXIS_HEIGHT + i * LANE_HEIGHT, width));

  const laneBottom = height - 2;
  const xOf = (ms: number) => timeToX(view, width, ms);

  // "Now": footage cannot lie after it.
  const nowX = xOf(picture.nowMs);
  if (nowX >= 0 && nowX <= width) {
    ctx.fillStyle = c.now;
    for (let y = AXIS_HEIGHT; y < laneBottom; y += 6) ctx.fillRect(Math.round(nowX), y, 1, 3);
  }

  // The marked range (in/out).
  const { inMs, outMs } = picture.marks;
  if (inMs !== null || outMs !== null) {
    const x0 = inMs !== null ? xOf(inMs) : 0;
    const x1 = outMs !== null ? xOf(outMs) : width;
    if (inMs !== null && outMs !== null) {
      ctx.fillStyle = c.selection;
      ctx.fillRect(x0, AXIS_HEIGHT, x1 - x0, laneBottom - AXIS_HEIGHT);
    }
    ctx.fillStyle = c.selectionEdge;
    if (inMs !== null) paintFlag(ctx, x0, laneBottom, 'IN', 1);
    if (outMs !== null) paintFlag(ctx, x1, laneBottom, 'OUT', -1);
  }

  if (picture.hoverX !== null) {
    ctx.fillStyle = 'rgba(255, 255, 255, 0.55)';
    ctx.fillRect(Math.round(picture.hoverX), AXIS_HEIGHT, 1, laneBottom - AXIS_HEIGHT);
  }

  if (picture.cursorMs !== null) {
    const x = Math.round(xOf(picture.cursorMs));
    if (x >= -6 && x <= width + 6) {
      ctx.fillStyle = c.cursor;
      ctx.fillRect(x - 1, AXIS_HEIGHT - 4, 2, laneBottom - AXIS_HEIGHT + 4);
      ctx.beginPath();
      ctx.moveTo(x - 6, AXIS_HEIGHT - 10);
      ctx.lineTo(x + 6, AXIS_HEIGHT - 10);
      ctx.lineTo(x, AXIS_HEIGHT - 2);
      ctx.closePath();
      ctx.fill();
    }
  }

  if (picture.showNames) {
    ctx.font = '600 11px system-ui, sans-serif';
    picture.lanes.forEach((lane, i) => {
      const y = AXIS_HEIGHT + i * LANE_HEIGHT + BAR_TOP + BAR_HEIGHT / 2;
      const text = lane.name.length > 24 ? `${lane.name.slice(0, 23)}…` : lane.name;
      const w = ctx.measureText(text).width + 10;
      ctx.fillStyle = 'rgba(13, 15, 19, 0.78)';
      ctx.fillRect(4, y - 8, w, 16);
      ctx.fillStyle = '#ffffff';
      ctx.fillText(text, 9, y);
    });
  }
}

function paintLane(ctx: CanvasRenderingContext2D, lane: PaintedLane, top: number, width: number) {
  const c = TIMELINE_COLOURS;
  const { layout } = lane;
  const barY = top + BAR_TOP;
  ctx.fillStyle = c.gap;
  ctx.fillRect(0, barY, width, BAR_HEIGHT);
  ctx.fillStyle = c.recorded;
  for (const span of layout.recorded) ctx.fillRect(span.x0, barY, span.x1 - span.x0, BAR_HEIGHT);
  ctx.fillStyle = c.offline;
  for (const span of layout.offline) {
    ctx.fillRect(span.x0, barY + BAR_HEIGHT - 5, span.x1 - span.x0, 5);
  }
  ctx.fillStyle = c.kept;
  for (const span of layout.kept) ctx.fillRect(span.x0, top + 1, span.x1 - span.x0, STRIP);
  ctx.fillStyle = c.clip;
  for (const span of layout.clips) {
    ctx.fillRect(span.x0, barY + BAR_HEIGHT + 2, Math.max(2, span.x1 - span.x0), STRIP);
  }
  for (const marker of layout.events) paintMarker(ctx, marker, barY);
}

/** A motion event: a small pin on the bar; a group shows its count. */
function paintMarker(ctx: CanvasRenderingContext2D, marker: PxMarker, barY: number): void {
  const c = TIMELINE_COLOURS;
  const x = Math.round(marker.x);
  ctx.fillStyle = c.event;
  if (marker.count <= 1) {
    ctx.beginPath();
    ctx.moveTo(x, barY + 1);
    ctx.lineTo(x + 4, barY + 6);
    ctx.lineTo(x, barY + 11);
    ctx.lineTo(x - 4, barY + 6);
    ctx.closePath();
    ctx.fill();
    return;
  }
  const text = marker.count > 99 ? '99+' : String(marker.count);
  ctx.font = '700 10px system-ui, sans-serif';
  const w = Math.max(14, ctx.measureText(text).width + 6);
  ctx.fillRect(x - w / 2, barY + 1, w, 13);
  ctx.fillStyle = '#1a1206';
  ctx.textAlign = 'center';
  ctx.fillText(text, x, barY + 8);
  ctx.textAlign = 'start';
}

function paintFlag(
  ctx: CanvasRenderingContext2D,
  x: number,
  bottom: number,
  text: string,
  side: 1 | -1,
): void {
  ctx.fillRect(Math.round(x) - 1, AXIS_HEIGHT, 2, bottom - AXIS_HEIGHT);
  ctx.font = '700 9px system-ui, sans-serif';
  const w = ctx.measureText(text).width + 6;
  const left = side > 0 ? x : x - w;
  ctx.fillRect(left, bottom - 12, w, 12);
  ctx.fillStyle = '#0b1220';
  ctx.fillText(text, left + 3, bottom - 6);
  ctx.fillStyle = TIMELINE_COLOURS.selectionEdge;
}
