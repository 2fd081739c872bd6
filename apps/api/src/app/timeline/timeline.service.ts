import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { Catalog, readTimeline, timelineResolution, type Span } from '@camrec/catalog';
import type {
  CameraTimeline,
  MultiCameraTimeline,
  TimelineKeptRange,
  TimeSpan,
} from '@camrec/shared-types';

/** The longest range one timeline answer covers: longer is a mistake, and its events unbounded. */
export const MAX_TIMELINE_DAYS = 400;
const DAY_MS = 86_400_000;

/** Timelines of cameras, from the index (footage of deleted cameras included). */
@Injectable()
export class TimelineService {
  constructor(private readonly catalog: Catalog) {}

  async camera(
    cameraId: string,
    start: number,
    end: number,
    resolutionMs?: number,
  ): Promise<CameraTimeline> {
    checkSpan(start, end);
    const resolution = resolutionMs ?? timelineResolution(start, end);
    const timeline = await readTimeline(this.catalog, cameraId, start, end, resolution);
    return {
      camera_id: cameraId,
      start: iso(start),
      end: iso(end),
      resolution_ms: timeline.resolutionMs,
      recorded: timeline.recorded.map(toSpan),
      offline: timeline.offline.map((p) => ({ ...toSpan(p), reason: p.reason })),
      events: timeline.events.map((e) => ({
        ...toSpan(e),
        id: e.id,
        count: e.count,
        peak_score: e.peakScore,
        clip: e.clip,
      })),
      clips: timeline.clips.map((c) => ({
        ...toSpan(c),
        filename: c.filename,
        trigger: c.trigger,
        keep: c.keep,
      })),
      kept: timeline.kept.map((k) => ({ ...toSpan(k), id: k.id, note: k.note })),
    };
  }

  /** Marks a range of the camera's footage kept: retention never deletes what overlaps it. */
  async keep(
    cameraId: string,
    start: number,
    end: number,
    note: string,
  ): Promise<TimelineKeptRange> {
    checkSpan(start, end);
    // A deleted camera's footage may be kept; an id the index never knew is a mistake.
    const known =
      (await this.catalog.cameras.getIncludingDeleted(cameraId)) ??
      (await this.catalog.segments.oldestOfCamera(cameraId, 1))[0];
    if (!known) {
      throw new NotFoundException(
        `camera ${cameraId} is not known: no camera or footage has that id`,
      );
    }
    const row = await this.catalog.keptRanges.insert({
      camera_id: cameraId,
      start_ms: start,
      end_ms: end,
      note,
    });
    return toKeptRange(row);
  }

  /** Lets retention have the range again. */
  async forget(cameraId: string, keptId: number): Promise<void> {
    const ranges = await this.catalog.keptRanges.list(cameraId, 0, Number.MAX_SAFE_INTEGER);
    if (!ranges.some((range) => range.id === keptId)) {
      throw new NotFoundException(`camera ${cameraId} has no kept range ${keptId}`);
    }
    await this.catalog.keptRanges.delete(keptId);
  }

  /** Several cameras at the same resolution, so that their timelines line up. */
  async cameras(
    cameraIds: string[],
    start: number,
    end: number,
    resolutionMs?: number,
  ): Promise<MultiCameraTimeline> {
    checkSpan(start, end);
    const resolution = resolutionMs ?? timelineResolution(start, end);
    const cameras = [];
    for (const id of cameraIds) cameras.push(await this.camera(id, start, end, resolution));
    return { start: iso(start), end: iso(end), resolution_ms: resolution, cameras };
  }
}

/** The id and span of a kept range, as the API shows it. */
function toKeptRange(row: { id: number; start_ms: number; end_ms: number; note: string }) {
  return { ...toSpan({ start: row.start_ms, end: row.end_ms }), id: row.id, note: row.note };
}

function checkSpan(start: number, end: number): void {
  if (end - start > MAX_TIMELINE_DAYS * DAY_MS) {
    throw new BadRequestException(
      `the range from start to end may be at most ${MAX_TIMELINE_DAYS} days; ask for a shorter one`,
    );
  }
}

function toSpan(span: Span): TimeSpan {
  return { start: iso(span.start), end: span.end === null ? null : iso(span.end) };
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
