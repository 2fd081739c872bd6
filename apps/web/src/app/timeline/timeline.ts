import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  ElementRef,
  afterNextRender,
  computed,
  effect,
  inject,
  input,
  output,
  signal,
  untracked,
  viewChild,
} from '@angular/core';
import { ApiClient } from '../api/api-client';
import { HoverThumbnails, thumbnailQuantum, type ShownThumbnail } from './hover-thumbnails';
import { formatClock, formatInstant, formatter, timeTicks } from './time-ticks';
import {
  DAY_MS,
  HOUR_MS,
  MINUTE_MS,
  followView,
  limitView,
  panView,
  spanOf,
  viewAround,
  xToTime,
  zoomView,
  type TimeView,
} from './time-view';
import { TimelineFeed } from './timeline-feed';
import { layoutLane, spanAt, type LaneData } from './timeline-layout';
import {
  AXIS_HEIGHT,
  LANE_HEIGHT,
  TIMELINE_COLOURS,
  paintTimeline,
  timelineHeight,
  type TimelinePicture,
} from './timeline-painter';

/** A camera on the timeline: one lane each. */
export interface TimelineCamera {
  id: string;
  name: string;
}

export interface TimelineMarks {
  inMs: number | null;
  outMs: number | null;
}

/** The name of the performance measure of each render (one kept: the latest). */
export const RENDER_MEASURE = 'camrec-timeline-render';

const PRESETS = [
  { label: '10 min', ms: 10 * MINUTE_MS },
  { label: '1 h', ms: HOUR_MS },
  { label: '1 day', ms: DAY_MS },
  { label: '1 week', ms: 7 * DAY_MS },
];
let instances = 0;
/** A press that moves less than this is a click (seek), not a drag (pan or selection). */
const DRAG_PX = 4;
/** The view is read again this often while it shows the live edge (new footage). */
const LIVE_REFRESH_MS = 15_000;

interface Drag {
  pointerId: number;
  startX: number;
  startView: TimeView;
  select: boolean;
  moved: boolean;
}

/**
 * The timeline of one or several cameras (a lane each) drawn on a canvas in one render:
 * recorded footage, gaps and offline periods, motion events (grouped ones with their count),
 * clips and kept ranges, the in/out marks, the play position. A click plays that instant; a
 * drag or the wheel pans and zooms (one minute to a month across, back through the retained
 * past); Shift+drag marks a range; hovering shows a thumbnail of the footage there. Times are
 * the browser's. Keys are handled by the workspace around it (see commandForKey).
 */
@Component({
  selector: 'cr-timeline',
  templateUrl: './timeline.html',
  styleUrl: './timeline.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: {
    '[attr.data-view-start]': 'view().startMs',
    '[attr.data-view-end]': 'view().endMs',
    '[attr.data-loading]': 'feed.loading()',
  },
})
export class Timeline {
  private readonly api = inject(ApiClient);

  readonly cameras = input.required<TimelineCamera[]>();
  /** The play position; null: none (live, or nothing picked yet). */
  readonly cursorMs = input<number | null>(null);
  readonly live = input(false);
  readonly playing = input(false);
  readonly marks = input<TimelineMarks>({ inMs: null, outMs: null });
  /** Where the view opens (a clip's time); default: the last hour. */
  readonly focusMs = input<number | null>(null);
  readonly seek = output<number>();
  readonly marked = output<{ inMs: number; outMs: number }>();

  private readonly canvas = viewChild.required<ElementRef<HTMLCanvasElement>>('canvas');
  private readonly track = viewChild.required<ElementRef<HTMLElement>>('track');

  protected readonly presets = PRESETS;
  protected readonly summaryId = `timeline-summary-${++instances}`;
  protected readonly colours = TIMELINE_COLOURS;
  readonly feed = new TimelineFeed((ids, start, end, resolution) =>
    ids.length === 1
      ? this.api.cameraTimeline(ids[0], start, end, resolution).then((t) => [t])
      : this.api.timelines(ids, start, end, resolution).then((t) => t.cameras),
  );
  readonly view = signal<TimeView>(viewAround(Date.now(), HOUR_MS, 0.95));
  protected readonly width = signal(0);
  protected readonly now = signal(Date.now());
  protected readonly hover = signal<{ x: number; ms: number; lane: number } | null>(null);
  protected readonly thumbnail = signal<ShownThumbnail | null>(null);
  private readonly selection = signal<{ fromMs: number; toMs: number } | null>(null);
  private drag: Drag | null = null;

  protected readonly height = computed(() => timelineHeight(this.cameras().length));
  protected readonly label = computed(() => {
    const cameras = this.cameras();
    return cameras.length === 1
      ? `Timeline of ${cameras[0].name}`
      : `Timeline of ${cameras.length} cameras`;
  });
  protected readonly rangeLabel = computed(() => describeRange(this.view()));
  protected readonly activePreset = computed(() => {
    const span = spanOf(this.view());
    return PRESETS.find((preset) => Math.abs(preset.ms - span) < 1000)?.ms ?? null;
  });
  protected readonly valueText = computed(() => {
    const cursor = this.cursorMs();
    if (this.live() || cursor === null) return 'Live';
    return `${this.playing() ? 'Playing' : 'Paused at'} ${formatInstant(cursor)}`;
  });
  protected readonly summary = computed(() => this.describeContents());
  protected readonly hoverCard = computed(() => {
    const hover = this.hover();
    const width = this.width();
    if (!hover || !width) return null;
    const camera = this.cameras()[hover.lane];
    const lane = this.feed.lanes()[hover.lane];
    const recorded = lane ? spanAt(lane.recorded, hover.ms, this.now()) !== null : false;
    const thumbnail = this.thumbnail();
    const url = recorded && thumbnail?.cameraId === camera?.id ? (thumbnail?.url ?? null) : null;
    const lines = [formatInstant(hover.ms)];
    if (this.cameras().length > 1 && camera) lines.unshift(camera.name);
    if (!recorded) lines.push('No footage');
    // The card stays inside the track.
    const cardWidth = 170;
    const left = Math.min(Math.max(0, hover.x - cardWidth / 2), Math.max(0, width - cardWidth));
    return { left, url, recorded, lines };
  });

  private readonly thumbnails = new HoverThumbnails({
    load: (cameraId, atMs) => this.api.thumbnail(cameraId, atMs),
    show: (thumbnail) => this.thumbnail.set(thumbnail),
  });
  private frame: number | null = null;

  constructor() {
    const destroyRef = inject(DestroyRef);
    const clock = setInterval(() => this.now.set(Date.now()), 1000);
    destroyRef.onDestroy(() => {
      clearInterval(clock);
      this.thumbnails.dispose();
      if (this.frame !== null) cancelAnimationFrame(this.frame);
    });
    // The view opens on the focus, once.
    const focus = untracked(() => this.focusMs());
    if (focus !== null)
      this.view.set(limitView(viewAround(focus, 30 * MINUTE_MS, 0.3), Date.now()));

    effect(() => this.feed.setCameras(this.cameras().map((camera) => camera.id)));
    effect(() => {
      const view = this.view();
      const width = this.width();
      this.cameras();
      if (width > 0) void untracked(() => this.feed.want(view, width));
    });
    // The view follows the play position (a page at a time) and, live, the live edge — while
    // it was in view: a view moved elsewhere to look around stays there.
    let previous: number | null = null;
    effect(() => {
      const cursor = this.live() ? this.now() : this.cursorMs();
      const before = previous;
      previous = cursor;
      if (cursor === null || before === null || this.drag) return;
      untracked(() => {
        const view = this.view();
        if (before >= view.startMs && before <= view.endMs) {
          this.view.set(followView(view, cursor, Date.now()));
        }
      });
    });
    const refresh = setInterval(() => {
      const view = this.view();
      if (view.endMs >= Date.now() - spanOf(view) * 0.05) {
        void this.feed.refresh(view, this.width() || 1000);
      }
    }, LIVE_REFRESH_MS);
    destroyRef.onDestroy(() => clearInterval(refresh));
    // One render per change, at the next animation frame.
    effect(() => {
      const picture = this.picture();
      untracked(() => this.scheduleRender(picture));
    });

    afterNextRender(() => {
      const track = this.track().nativeElement;
      const measure = () => this.width.set(track.clientWidth || 1000);
      measure();
      if (typeof ResizeObserver !== 'undefined') {
        const observer = new ResizeObserver(measure);
        observer.observe(track);
        destroyRef.onDestroy(() => observer.disconnect());
      }
    });
  }

  /** Zooms by `factor` (< 1: in) around `anchorMs`, by default the play position or the middle. */
  zoomBy(factor: number, anchorMs?: number): void {
    const view = this.view();
    const cursor = this.live() ? this.now() : this.cursorMs();
    const visible = cursor !== null && cursor >= view.startMs && cursor <= view.endMs;
    const anchor = anchorMs ?? (visible ? cursor : (view.startMs + view.endMs) / 2);
    this.view.set(zoomView(view, factor, anchor, Date.now()));
  }

  /** Pans by a fraction of the view (negative: earlier). */
  pan(fraction: number): void {
    this.view.update((view) => panView(view, spanOf(view) * fraction, Date.now()));
  }

  /** Shows `spanMs` around the play position (or ending now). */
  showSpan(spanMs: number): void {
    const cursor = this.live() ? null : this.cursorMs();
    const now = Date.now();
    this.view.set(
      limitView(cursor !== null ? viewAround(cursor, spanMs) : viewAround(now, spanMs, 0.95), now),
    );
  }

  /** Shows `ms` in the middle of the view, keeping the zoom. */
  reveal(ms: number): void {
    this.view.update((view) => limitView(viewAround(ms, spanOf(view)), Date.now()));
  }

  /** Reads the timelines in view again (after a range was kept). */
  refresh(): Promise<void> {
    return this.feed.refresh(this.view(), this.width() || 1000);
  }

  protected pointerDown(event: PointerEvent): void {
    if (event.button !== 0) return;
    const canvas = this.canvas().nativeElement;
    canvas.setPointerCapture?.(event.pointerId);
    this.drag = {
      pointerId: event.pointerId,
      startX: this.xOf(event),
      startView: this.view(),
      select: event.shiftKey,
      moved: false,
    };
    canvas.focus({ preventScroll: true });
  }

  protected pointerMove(event: PointerEvent): void {
    const x = this.xOf(event);
    const drag = this.drag;
    if (drag && drag.pointerId === event.pointerId) {
      if (Math.abs(x - drag.startX) > DRAG_PX) drag.moved = true;
      if (!drag.moved) return;
      const width = this.width() || 1;
      if (drag.select) {
        const fromMs = xToTime(drag.startView, width, drag.startX);
        const toMs = xToTime(drag.startView, width, x);
        this.selection.set({ fromMs: Math.min(fromMs, toMs), toMs: Math.max(fromMs, toMs) });
      } else {
        const msPerPx = spanOf(drag.startView) / width;
        this.view.set(panView(drag.startView, (drag.startX - x) * msPerPx, Date.now()));
      }
      this.hover.set(null);
      return;
    }
    this.hoverAt(x, event.offsetY);
  }

  protected pointerUp(event: PointerEvent): void {
    const drag = this.drag;
    if (!drag || drag.pointerId !== event.pointerId) return;
    this.drag = null;
    const selection = this.selection();
    this.selection.set(null);
    if (!drag.moved) {
      this.seek.emit(Math.round(xToTime(this.view(), this.width() || 1, this.xOf(event))));
    } else if (drag.select && selection && selection.toMs > selection.fromMs) {
      this.marked.emit({ inMs: Math.round(selection.fromMs), outMs: Math.round(selection.toMs) });
    }
  }

  protected pointerLeave(): void {
    if (this.drag) return;
    this.hover.set(null);
    this.thumbnails.leave();
  }

  protected wheel(event: WheelEvent): void {
    event.preventDefault();
    const width = this.width() || 1;
    const view = this.view();
    if (Math.abs(event.deltaX) > Math.abs(event.deltaY)) {
      this.view.set(panView(view, event.deltaX * (spanOf(view) / width), Date.now()));
      return;
    }
    const factor = Math.exp(Math.max(-300, Math.min(300, event.deltaY)) * 0.002);
    this.view.set(zoomView(view, factor, xToTime(view, width, this.xOf(event)), Date.now()));
  }

  private hoverAt(x: number, y: number): void {
    const width = this.width();
    if (!width) return;
    const lane = Math.min(
      this.cameras().length - 1,
      Math.max(0, Math.floor((y - AXIS_HEIGHT) / LANE_HEIGHT)),
    );
    const view = this.view();
    const ms = xToTime(view, width, x);
    this.hover.set({ x, ms, lane });
    const data = this.feed.lanes()[lane];
    const camera = this.cameras()[lane];
    if (camera && data && spanAt(data.recorded, ms, Date.now())) {
      this.thumbnails.hover(camera.id, ms, thumbnailQuantum(spanOf(view) / width));
    } else {
      this.thumbnails.leave();
    }
  }

  private xOf(event: MouseEvent): number {
    const rect = this.canvas().nativeElement.getBoundingClientRect();
    return event.clientX - rect.left;
  }

  /** What one render draws (read in an effect, so any change schedules a render). */
  private picture(): Omit<TimelinePicture, 'lanes' | 'ticks'> & { lanes: LaneData[] } {
    const selection = this.selection();
    const marks = selection ? { inMs: selection.fromMs, outMs: selection.toMs } : this.marks();
    return {
      view: this.view(),
      widthPx: this.width(),
      nowMs: this.now(),
      lanes: this.feed.lanes(),
      cursorMs: this.live() ? null : this.cursorMs(),
      hoverX: this.hover()?.x ?? null,
      marks,
      showNames: this.cameras().length > 1,
    };
  }

  private scheduleRender(picture: ReturnType<Timeline['picture']>): void {
    if (this.frame !== null) cancelAnimationFrame(this.frame);
    if (typeof requestAnimationFrame !== 'function') return;
    this.frame = requestAnimationFrame(() => {
      this.frame = null;
      this.render(picture);
    });
  }

  /** Lays out and paints everything in view: one render, measured. */
  private render(input: ReturnType<Timeline['picture']>): void {
    const canvas = this.canvas().nativeElement;
    const width = input.widthPx;
    if (!width) return;
    const start = performance.now();
    const names = new Map(this.cameras().map((camera) => [camera.id, camera.name]));
    const laneCount = Math.max(1, this.cameras().length);
    const lanes = input.lanes.map((lane) => ({
      name: names.get(lane.cameraId) ?? lane.cameraId,
      layout: layoutLane(lane, input.view, width, input.nowMs),
    }));
    const height = timelineHeight(laneCount);
    const ratio = globalThis.devicePixelRatio || 1;
    if (canvas.width !== Math.round(width * ratio)) canvas.width = Math.round(width * ratio);
    if (canvas.height !== Math.round(height * ratio)) canvas.height = Math.round(height * ratio);
    const context = canvas.getContext('2d');
    if (!context) return;
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    paintTimeline(context, { ...input, lanes, ticks: timeTicks(input.view, width) });
    performance.clearMeasures(RENDER_MEASURE);
    performance.measure(RENDER_MEASURE, {
      start,
      end: performance.now(),
      detail: {
        spanMs: spanOf(input.view),
        spans: lanes.reduce((n, lane) => n + lane.layout.recorded.length, 0),
        markers: lanes.reduce((n, lane) => n + lane.layout.events.length, 0),
        items: input.lanes.reduce(
          (n, lane) => n + lane.recorded.length + lane.events.length + lane.offline.length,
          0,
        ),
      },
    });
  }

  /** The view in words for screen readers: the range, then what each camera has in it. */
  private describeContents(): string {
    const view = this.view();
    const now = this.now();
    const names = new Map(this.cameras().map((camera) => [camera.id, camera.name]));
    const parts = [`Showing ${describeRange(view)}.`];
    for (const lane of this.feed.lanes()) {
      const inView = <T extends { startMs: number; endMs: number | null }>(items: T[]) =>
        items.filter((s) => s.startMs <= view.endMs && (s.endMs ?? now) >= view.startMs);
      const recorded = inView(lane.recorded).length;
      const events = inView(lane.events).reduce((n, e) => n + e.count, 0);
      const clips = inView(lane.clips).length;
      const offline = inView(lane.offline).length;
      parts.push(
        `${names.get(lane.cameraId) ?? lane.cameraId}: ${recorded} recorded stretch${recorded === 1 ? '' : 'es'}, ` +
          `${events} motion event${events === 1 ? '' : 's'}, ${clips} clip${clips === 1 ? '' : 's'}, ` +
          `offline ${offline} time${offline === 1 ? '' : 's'}.`,
      );
    }
    parts.push(
      'Click a moment to play it. Space plays or pauses; arrows step a frame while paused or seek 5 seconds while playing; plus and minus zoom; Page Up and Page Down move the view; i and o mark in and out.',
    );
    return parts.join(' ');
  }
}

/** `Sat 5 Dec, 13:00 – 14:00`, or with both dates when the view spans midnight. */
export function describeRange(view: TimeView): string {
  const sameDay = new Date(view.startMs).toDateString() === new Date(view.endMs).toDateString();
  const date = formatter(undefined, { weekday: 'short', day: 'numeric', month: 'short' });
  const time = (ms: number) =>
    spanOf(view) < 10 * MINUTE_MS
      ? formatClock(ms)
      : formatter(undefined, { hour: '2-digit', minute: '2-digit' }).format(ms);
  return sameDay
    ? `${date.format(view.startMs)}, ${time(view.startMs)} – ${time(view.endMs)}`
    : `${date.format(view.startMs)}, ${time(view.startMs)} – ${date.format(view.endMs)}, ${time(view.endMs)}`;
}
