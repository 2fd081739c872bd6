import { BadRequestException, Injectable } from '@nestjs/common';
import { Catalog, readTimeline, timelineResolution, type Span } from '@camrec/catalog';
import type { CameraTimeline, MultiCameraTimeline, TimeSpan } from '@camrec/shared-types';

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
