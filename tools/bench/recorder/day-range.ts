// A day of footage as one MP4 (issue 19: "the download starting within a second for ranges up to
// 24 h"): 1440 back-to-back 60 s rows of a camera, each a hard link to one segment file the
// export part recorded, written through @camrec/catalog into a folder of their own; a server
// started on it; then, for a few such cameras one after another (each plan cold: none of its
// 1440 segment heads read before), GET /cameras/:id/video.mp4 of the whole day: ms to the
// response headers (the plan made), to the first body byte, MB/s over a bounded read (the whole
// day is 1440 times the file), and a later Range request for the middle, which finds the plan
// cached. Every link is the same file: its pages come from the page cache, so the read measures
// the server's own rate, not the disk's (the export part measures that).
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Catalog, type NewSegment, newCameraId } from '@camrec/catalog';
import type { SegmentInfo } from '@camrec/shared-types';
import type { DayRangeRequest, DayRangeResult } from '../results';
import { median, round } from '../stats';
import { linkRowFiles, rowsOf, startServerOn } from './generated-index';

const DAY_SEGMENTS = 1440;
const ROW_MS = 60_000;
const DAY_MS = DAY_SEGMENTS * ROW_MS;
/** Days asked, each of a camera of its own: a cold plan each, and a median of three. */
const DAY_CAMERAS = 3;
/** Bytes read of each day's MP4: a day of 60 s files at 8 Mbit/s is ~86 GB. */
const READ_LIMIT_BYTES = 1e9;

export interface DayRangeRun {
  /** The bench's temporary folder (on the segment file's file system: hard links). */
  dir: string;
  /** A final segment file recorded by the server, and its row. */
  segmentFile: string;
  segment: SegmentInfo;
}

/** Milliseconds since `since`, to a tenth. */
const msSince = (since: number) => Math.round((performance.now() - since) * 10) / 10;

/** The day of `cameraId` from `startMs` as one MP4: headers, first byte, a bounded read, a Range. */
async function askDay(
  baseUrl: string,
  cameraId: string,
  startMs: number,
): Promise<{ request: DayRangeRequest; size: number }> {
  const url = `${baseUrl}/cameras/${cameraId}/video.mp4?start=${startMs}&end=${startMs + DAY_MS}`;
  const asked = performance.now();
  const response = await fetch(url);
  const headersMs = msSince(asked);
  if (response.status !== 200 || !response.body)
    throw new Error(`GET ${url}: ${response.status} ${await response.text()}`);
  const size = Number(response.headers.get('content-length'));
  const etag = response.headers.get('etag') ?? '';
  const reader = response.body.getReader();
  const readFrom = performance.now();
  let read = 0;
  let firstByteMs: number | null = null;
  while (read < READ_LIMIT_BYTES) {
    const chunk = await reader.read();
    if (chunk.done) break;
    firstByteMs ??= msSince(asked);
    read += chunk.value.length;
  }
  const readS = (performance.now() - readFrom) / 1000;
  await reader.cancel();

  const again = performance.now();
  const middle = await fetch(url, {
    headers: { range: `bytes=${Math.floor(size / 2)}-`, 'if-range': etag },
  });
  const rangeMs = msSince(again);
  await middle.body?.cancel();
  if (middle.status !== 206) throw new Error(`GET ${url} (Range, If-Range): ${middle.status}`);
  const request: DayRangeRequest = {
    headers_ms: headersMs,
    first_byte_ms: firstByteMs,
    read_mb: Math.round(read / 1e5) / 10,
    read_mb_per_s: round(read / 1e6 / readS),
    range_request_ms: rangeMs,
  };
  return { request, size };
}

export async function measureDayRange(run: DayRangeRun): Promise<DayRangeResult> {
  const videosDir = mkdtempSync(join(run.dir, 'day-range-'));
  const indexPath = join(videosDir, 'index.sqlite');
  const fileBytes = statSync(run.segmentFile).size;
  const content = { bytes: fileBytes, frames: run.segment.frames, codec: run.segment.codec };
  // The day before the last whole minute: in the past, as the route requires.
  const startMs = Math.floor(Date.now() / ROW_MS) * ROW_MS - DAY_MS - ROW_MS;
  const cameras = Array.from({ length: DAY_CAMERAS }, () => newCameraId());
  try {
    const days: NewSegment[][] = cameras.map((id) =>
      rowsOf(id, startMs, DAY_SEGMENTS, ROW_MS, content),
    );
    const catalog = await Catalog.open(indexPath);
    try {
      for (const rows of days) await catalog.segments.insertMany(rows);
    } finally {
      await catalog.close();
    }
    for (const rows of days) linkRowFiles(videosDir, rows, run.segmentFile);

    const server = await startServerOn(videosDir, indexPath);
    const requests: DayRangeRequest[] = [];
    let videoBytes: number | null = null;
    try {
      for (const id of cameras) {
        const { request, size } = await askDay(server.baseUrl, id, startMs);
        requests.push(request);
        videoBytes = size;
      }
    } finally {
      await server.stop();
    }
    const medianOf = (pick: (r: DayRangeRequest) => number | null) =>
      median(requests.flatMap((r) => pick(r) ?? []));
    return {
      segments: DAY_SEGMENTS,
      row_s: ROW_MS / 1000,
      file_mb: round(fileBytes / 1e6, 2),
      file_s: round((Date.parse(run.segment.ended_at) - Date.parse(run.segment.started_at)) / 1000),
      video_mb: videoBytes === null ? null : round(videoBytes / 1e6, 0),
      requests,
      headers_ms_median: medianOf((r) => r.headers_ms),
      first_byte_ms_median: medianOf((r) => r.first_byte_ms),
      read_mb_per_s_median: medianOf((r) => r.read_mb_per_s),
      range_request_ms_median: medianOf((r) => r.range_request_ms),
    };
  } finally {
    rmSync(videosDir, { recursive: true, force: true });
  }
}
