// The index at a month of footage: 30 days of 60 s segments of one camera (43,200 rows) among
// those of other cameras, written through @camrec/catalog into a temporary file; then
// "everything of camera C between T1 and T2" for the whole month, a day and an hour, through
// SegmentStore.between in this process and through GET /cameras/:id/segments of a server
// started on that folder (index_path in its config), each many times: p50/p95.
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Catalog, type NewSegment, newCameraId, readTimeline } from '@camrec/catalog';
import type { SegmentListResponse } from '@camrec/shared-types';
import { getJson } from '../clients';
import type { IndexHttpResult, IndexQueryResult, IndexQueryTiming } from '../results';
import { section } from '../section';
import { percentile, round } from '../stats';
import { linkRowFiles, type RowContent, rowsOf, startServerOn } from './generated-index';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** A 720p25 camera at 2 Mbit/s: what each generated 60 s row says its file holds. */
const FPS = 25;
const BYTES_PER_S = 250_000;
const CODEC = 'avc1.64001f';
/** The most rows the route answers with (its `limit`'s maximum). */
const ROUTE_LIMIT = 5000;

export interface IndexQueryRun {
  dir: string;
  days: number;
  segmentS: number;
  cameras: number;
  repeats: number;
}

interface QueryRange {
  range: string;
  startMs: number;
  endMs: number;
}

/** What each generated row of `segmentMs` says its file holds. */
const contentOf = (segmentMs: number): RowContent => ({
  bytes: (BYTES_PER_S * segmentMs) / 1000,
  frames: (FPS * segmentMs) / 1000,
  codec: CODEC,
});

/** `query` run `repeats` times: its rows (the last run's) and the p50/p95/max of its times. */
async function timed(
  range: QueryRange,
  repeats: number,
  query: () => Promise<{ rows: number; truncated?: boolean }>,
): Promise<IndexQueryTiming> {
  const times: number[] = [];
  let last: { rows: number; truncated?: boolean } = { rows: 0 };
  for (let k = 0; k < repeats; k++) {
    const started = performance.now();
    last = await query();
    times.push(performance.now() - started);
  }
  return {
    range: range.range,
    span_ms: range.endMs - range.startMs,
    ...last,
    repeats,
    p50_ms: round(percentile(times, 50), 2),
    p95_ms: round(percentile(times, 95), 2),
    max_ms: times.length ? round(Math.max(...times), 2) : null,
  };
}

/** A file at each row's path: hard links to one empty file (172,800 of them in the full run). */
function touchFiles(videosDir: string, rows: NewSegment[]): void {
  const empty = join(videosDir, 'empty.mp4');
  writeFileSync(empty, '');
  linkRowFiles(videosDir, rows, empty);
  rmSync(empty);
}

/** The same queries through the route of a server started on the folder. */
async function viaRoute(
  run: IndexQueryRun,
  videosDir: string,
  indexPath: string,
  cameraId: string,
  ranges: QueryRange[],
): Promise<IndexHttpResult> {
  const started = performance.now();
  const server = await startServerOn(videosDir, indexPath);
  const serverStartMs = performance.now() - started;
  try {
    const queries: IndexQueryTiming[] = [];
    for (const range of ranges) {
      const path = `/cameras/${cameraId}/segments?start=${range.startMs}&end=${range.endMs}&limit=${ROUTE_LIMIT}`;
      queries.push(
        await timed(range, run.repeats, async () => {
          const answer = await getJson<SegmentListResponse>(server.baseUrl, path);
          return { rows: answer.segments.length, truncated: answer.truncated };
        }),
      );
    }
    return { limit: ROUTE_LIMIT, server_start_ms: Math.round(serverStartMs), queries };
  } finally {
    await server.stop();
  }
}

export async function measureIndexQuery(run: IndexQueryRun): Promise<IndexQueryResult> {
  const videosDir = join(run.dir, 'index-videos');
  const indexPath = join(videosDir, 'index.sqlite');
  const segmentMs = run.segmentS * 1000;
  const perCamera = (run.days * DAY_MS) / segmentMs;
  const endMs = Math.floor(Date.now() / segmentMs) * segmentMs;
  const startMs = endMs - run.days * DAY_MS;
  const ids = Array.from({ length: run.cameras }, () => newCameraId());
  const camera = ids[0];
  // The month, a day in its middle and an hour of that day, from mid-segment (as a person picks).
  const dayStart = startMs + Math.floor(run.days / 2) * DAY_MS + segmentMs / 2;
  const ranges: QueryRange[] = [
    { range: `${run.days} days`, startMs, endMs },
    { range: '1 day', startMs: dayStart, endMs: dayStart + DAY_MS },
    { range: '1 hour', startMs: dayStart + 12 * HOUR_MS, endMs: dayStart + 13 * HOUR_MS },
  ];
  try {
    mkdirSync(videosDir, { recursive: true });
    // One camera's rows at a time: the queries below are timed without them in the heap.
    const rowsOfCamera = (id: string) =>
      rowsOf(id, startMs, perCamera, segmentMs, contentOf(segmentMs));
    const writer = await Catalog.open(indexPath);
    let writeMs = 0;
    try {
      for (const id of ids) {
        const rows = rowsOfCamera(id);
        const started = performance.now();
        await writer.segments.insertMany(rows);
        writeMs += performance.now() - started;
      }
    } finally {
      await writer.close();
    }

    const reader = await Catalog.open(indexPath);
    const queries: IndexQueryTiming[] = [];
    const timeline: IndexQueryTiming[] = [];
    // The timeline at month, week and day zoom: what the dashboard asks as it is zoomed.
    const weekStart = startMs + Math.max(0, Math.floor(run.days / 2) - 3) * DAY_MS;
    const zooms: QueryRange[] = [
      ranges[0],
      { range: '7 days', startMs: weekStart, endMs: Math.min(endMs, weekStart + 7 * DAY_MS) },
      ranges[1],
    ];
    try {
      for (const range of ranges)
        queries.push(
          await timed(range, run.repeats, async () => ({
            rows: (await reader.segments.between(camera, range.startMs, range.endMs)).length,
          })),
        );
      for (const zoom of zooms)
        timeline.push(
          await timed(zoom, run.repeats, async () => ({
            rows: (await readTimeline(reader, camera, zoom.startMs, zoom.endMs)).recorded.length,
          })),
        );
    } finally {
      await reader.close();
    }
    const fileMb = round(statSync(indexPath).size / 1e6);

    const http: { route?: IndexHttpResult | { error: string } } = {};
    await section(http, 'route', async () => {
      for (const id of ids) touchFiles(videosDir, rowsOfCamera(id));
      return viaRoute(run, videosDir, indexPath, camera, ranges);
    });
    return {
      cameras: run.cameras,
      days: run.days,
      segment_s: run.segmentS,
      rows_per_camera: perCamera,
      rows_total: perCamera * run.cameras,
      write_ms: Math.round(writeMs),
      file_mb: fileMb,
      queries,
      timeline,
      http: http.route ?? { error: 'not run' },
    };
  } finally {
    rmSync(videosDir, { recursive: true, force: true });
  }
}
