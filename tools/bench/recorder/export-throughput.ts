// Export throughput (issue 19): a camera recorded continuously for a while, then that footage
// exported as one MP4 (POST /exports, streams copied): MB/s from the request to the export being
// done, beside the disk's own sequential read speed measured on the same segment files in the
// same run (dd with O_DIRECT: the page cache left out). Then a day of one of those segments as
// one MP4 (day-range.ts), on a server of its own.
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { segmentPath } from '@camrec/recording';
import type { ExportInfo } from '@camrec/shared-types';
import type { BenchCamera } from '../cameras';
import { getJson, request } from '../clients';
import type { LaunchedServer } from '@camrec/testing';
import type { DayRangeResult, ExportThroughputResult, SectionError } from '../results';
import { section } from '../section';
import { round } from '../stats';
import { measureDayRange } from './day-range';
import { deleteCameras, disableCameras, saveCameras, segmentsOf } from './saved-cameras';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** An export is given this long per second of footage before the bench gives up on it. */
const EXPORT_TIMEOUT_PER_S_MS = 1000;

/** Bytes per second of reading `files` one after the other, bypassing the page cache. */
function directReadSpeed(files: string[]): number {
  let bytes = 0;
  const started = performance.now();
  for (const file of files) {
    execFileSync('dd', [`if=${file}`, 'of=/dev/null', 'bs=4M', 'iflag=direct'], {
      stdio: 'ignore',
    });
    bytes += statSync(file).size;
  }
  return bytes / ((performance.now() - started) / 1000);
}

export async function exportThroughput(run: {
  /** The bench's temporary folder: the day range's folder goes there. */
  dir: string;
  server: LaunchedServer;
  camera: BenchCamera;
  segmentS: number;
  seconds: number;
}): Promise<ExportThroughputResult> {
  const { server } = run;
  const [camera] = await saveCameras(server, run.camera, 1, { segmentS: run.segmentS });
  try {
    const fromMs = Date.now();
    await sleep(run.seconds * 1000);
    await disableCameras(server, [camera]);
    const segments = (await segmentsOf(server, camera.id, fromMs, Date.now())).filter(
      (s) => s.state === 'final',
    );
    if (segments.length < 2) throw new Error(`only ${segments.length} segment(s) to export`);
    // From inside the first segment to inside the last: both ends between keyframes.
    const start = Date.parse(segments[0].started_at) + 500;
    const end = Date.parse(segments[segments.length - 1].ended_at) - 500;
    const files = segments.map((s) =>
      join(server.videosDir, segmentPath(camera.id, Date.parse(s.started_at))),
    );
    const diskBytesPerS = directReadSpeed(files);

    const started = performance.now();
    const accepted = await request<ExportInfo>(server.baseUrl, 'POST', '/exports', {
      camera_id: camera.id,
      start: String(start),
      end: String(end),
    });
    if (accepted.status !== 202 || !accepted.body)
      throw new Error(`POST /exports: ${accepted.status} ${JSON.stringify(accepted.body)}`);
    const deadline = Date.now() + ((end - start) / 1000) * EXPORT_TIMEOUT_PER_S_MS + 30_000;
    let done: ExportInfo | null = null;
    while (!done && Date.now() < deadline) {
      const now = await getJson<ExportInfo>(server.baseUrl, `/exports/${accepted.body.id}`);
      if (now.state === 'failed') throw new Error(`the export failed: ${now.error}`);
      if (now.state === 'done') done = now;
      else await sleep(50);
    }
    if (!done) throw new Error('the export did not finish in time');
    const seconds = (performance.now() - started) / 1000;
    await request(server.baseUrl, 'DELETE', `/exports/${done.id}`);
    const mbPerS = done.bytes / 1e6 / seconds;

    // A segment from the middle: neither cut by the camera's start nor by its close.
    const middle = Math.floor(segments.length / 2);
    const day: { day_range?: DayRangeResult | SectionError } = {};
    await section(day, 'day_range', () =>
      measureDayRange({ dir: run.dir, segmentFile: files[middle], segment: segments[middle] }),
    );
    return {
      footage_s: round((end - start) / 1000),
      segments: segments.length,
      bytes: done.bytes,
      seconds: round(seconds, 2),
      mb_per_s: round(mbPerS),
      disk_read_mb_per_s: round(diskBytesPerS / 1e6),
      share_of_disk_read: round(mbPerS / (diskBytesPerS / 1e6), 2),
      day_range: day.day_range ?? { error: 'not run' },
    };
  } finally {
    await deleteCameras(server, [camera]);
  }
}
