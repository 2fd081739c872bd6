// The recorder section (issue 18: saved cameras, continuous recording, the index), in parts
// that `--only recorder/<part>` runs alone:
// - index: 30 days of one camera's 60 s segments among 3 other cameras' (none in the quick
//   run), through the catalog and the route;
// - continuous: 1080p25 H.264 cameras at 8 Mbit/s recorded continuously, no viewer: CPU and
//   PSS per camera, and no frame lost;
// - capacity: the most 720p25 H.264 cameras at 2 Mbit/s recorded at once with no frame lost;
// - mjpeg: 720p25 MJPEG cameras with mjpeg_storage h264 and jpeg: CPU and disk per camera;
// - export: 1080p25 footage recorded, then exported as one MP4: MB/s beside the disk's; and
//   a day of 1440 one-minute rows linked to one of its segments, on a server of its own, as
//   one MP4 (GET /cameras/:id/video.mp4): ms to the headers (≤ 1 s), first byte, MB/s of a
//   bounded read, a later Range request;
// - seek: clicks on a camera's timeline in Chromium → the instant's first frame painted (its
//   own server, on footage written beforehand).
// continuous, capacity, mjpeg and export share one server (each row measures above the idle
// server it leaves) and their simulated cameras, started together (a replay camera encodes its
// loop first).
import type { MjpegStorage } from '@camrec/shared-types';
import { type BenchCamera, mjpegCamera, replayCamera } from '../cameras';
import type { Plan, RunOptions } from '../plan';
import { freePort } from '@camrec/process';
import type { LaunchedServer } from '@camrec/testing';
import { memoryDetailWanted } from '../memory-detail';
import { startServer, stopProcess } from '../processes';
import type {
  CapacityResult,
  ContinuousCostResult,
  DirectRates,
  MjpegStorageResult,
  MjpegStorageRow,
  RecorderResults,
} from '../results';
import { directRates } from '../scale';
import { section } from '../section';
import { continuousRow } from './continuous-window';
import { exportThroughput } from './export-throughput';
import { measureIndexQuery } from './index-query';
import { measureSeekFirstFrame } from './seek-first-frame';

/** The index: a month of one camera's segments (among plan.indexCameras cameras). */
const INDEX_DAYS = 30;
const INDEX_SEGMENT_S = 60;
const HD_KBPS = 8000;
const CAPACITY_KBPS = 2000;
const STORAGES: MjpegStorage[] = ['h264', 'jpeg'];

interface RecorderCameras {
  hd: BenchCamera | null;
  sd: BenchCamera | null;
  mjpeg: BenchCamera | null;
}

interface PartContext {
  plan: Plan;
  server: LaunchedServer;
  cameras: RecorderCameras;
  /** Debug only (BENCH_MEMORY_DETAIL=1): the server's inspector port. */
  inspectPort: number | null;
}

const need = (camera: BenchCamera | null, part: string): BenchCamera => {
  if (!camera) throw new Error(`recorder/${part}: its camera did not start`);
  return camera;
};

/** The row settings every part shares. */
const rowOf = (plan: Plan) => ({
  segmentS: plan.recorderSegmentS,
  warmUpSeconds: plan.recorderWarmUpSeconds,
});

async function continuousCost({
  plan,
  server,
  cameras,
  inspectPort,
}: PartContext): Promise<ContinuousCostResult> {
  const row = await continuousRow({
    server,
    camera: need(cameras.hd, 'continuous'),
    count: plan.continuousCameras,
    ...rowOf(plan),
    seconds: plan.continuousSeconds,
    probeFiles: true,
    direct: { seconds: plan.recorderDirectSeconds },
    inspectPort,
  });
  return {
    camera: 'H.264 1080p25 replay camera',
    camera_kbps: HD_KBPS,
    segment_s: plan.recorderSegmentS,
    warm_up_s: plan.recorderWarmUpSeconds,
    row,
  };
}

async function capacity({ plan, server, cameras }: PartContext): Promise<CapacityResult> {
  const camera = need(cameras.sd, 'capacity');
  const rows: CapacityResult['rows'] = [];
  // Past a count that lost frames, larger counts would only lose more: not run.
  let lostAt: number | null = null;
  for (const count of plan.capacityCounts) {
    if (lostAt !== null) {
      rows.push({ cameras: count, skipped: `not run: frames lost at ${lostAt} cameras` });
      continue;
    }
    const row = await continuousRow({
      server,
      camera,
      count,
      ...rowOf(plan),
      seconds: plan.capacitySeconds,
      probeFiles: false,
      direct: { seconds: plan.recorderDirectSeconds },
    });
    rows.push(row);
    if (!row.no_frame_lost) lostAt = count;
  }
  const whole = rows.flatMap((row) => ('no_frame_lost' in row && row.no_frame_lost ? [row] : []));
  return {
    camera: 'H.264 720p25 replay camera',
    camera_kbps: CAPACITY_KBPS,
    segment_s: plan.recorderSegmentS,
    warm_up_s: plan.recorderWarmUpSeconds,
    rows,
    largest_count_without_loss: whole.length ? Math.max(...whole.map((r) => r.cameras)) : 0,
  };
}

async function mjpegStorage({ plan, server, cameras }: PartContext): Promise<MjpegStorageResult> {
  const camera = need(cameras.mjpeg, 'mjpeg');
  const rows: MjpegStorageRow[] = [];
  // The camera's own rate at each count, once for both storages.
  const direct = new Map<number, DirectRates>();
  for (const count of plan.mjpegStorageCounts)
    direct.set(count, await directRates(camera, count, plan.recorderDirectSeconds));
  for (const storage of STORAGES)
    for (const count of plan.mjpegStorageCounts) {
      const row = await continuousRow({
        server,
        camera,
        count,
        ...rowOf(plan),
        seconds: plan.mjpegStorageSeconds,
        mjpegStorage: storage,
        probeFiles: true,
        direct: direct.get(count) ?? { seconds: plan.recorderDirectSeconds },
      });
      rows.push({ storage, ...row });
    }
  return {
    camera: 'MJPEG 720p25',
    segment_s: plan.recorderSegmentS,
    warm_up_s: plan.recorderWarmUpSeconds,
    rows,
  };
}

/** The cameras the parts to run need, started together; `shared`'s MJPEG camera if given. */
async function startCameras(
  dir: string,
  runs: RunOptions['runs'],
  shared: BenchCamera | null,
): Promise<RecorderCameras> {
  const [hd, sd, mjpeg] = await Promise.all([
    runs('recorder', 'continuous') || runs('recorder', 'export')
      ? replayCamera(dir, 'recorder-h264-1080p', 1920, 1080, { kbps: HD_KBPS })
      : null,
    runs('recorder', 'capacity')
      ? replayCamera(dir, 'recorder-h264-720p', 1280, 720, { kbps: CAPACITY_KBPS })
      : null,
    runs('recorder', 'mjpeg')
      ? (shared ?? mjpegCamera(dir, 'recorder-mjpeg-720p', 1280, 720))
      : null,
  ]);
  return { hd, sd, mjpeg };
}

export async function runRecorder({
  results,
  plan,
  dir,
  runs,
  sharedMjpeg,
}: {
  results: RecorderResults;
  plan: Plan;
  dir: string;
  runs: RunOptions['runs'];
  /** An MJPEG 720p25 camera the run already has. */
  sharedMjpeg: BenchCamera | null;
}): Promise<void> {
  if (runs('recorder', 'index'))
    await section(results, 'index', () =>
      measureIndexQuery({
        dir,
        days: INDEX_DAYS,
        segmentS: INDEX_SEGMENT_S,
        cameras: plan.indexCameras,
        repeats: plan.indexRepeats,
      }),
    );
  if (runs('recorder', 'seek'))
    await section(results, 'seek', () =>
      measureSeekFirstFrame({
        dir,
        footageSeconds: plan.seekFootageSeconds,
        clicks: plan.seekClicks,
      }),
    );
  const parts = [
    { name: 'continuous', run: continuousCost },
    { name: 'capacity', run: capacity },
    { name: 'mjpeg', run: mjpegStorage },
    {
      name: 'export',
      run: ({ plan, server, cameras }: PartContext) =>
        exportThroughput({
          dir,
          server,
          camera: need(cameras.hd, 'export'),
          segmentS: plan.recorderSegmentS,
          seconds: plan.exportSeconds,
        }),
    },
  ] as const;
  if (!parts.some((part) => runs('recorder', part.name))) return;
  const started: BenchCamera[] = [];
  let server: LaunchedServer | null = null;
  try {
    const cameras = await startCameras(dir, runs, sharedMjpeg);
    for (const camera of [cameras.hd, cameras.sd, cameras.mjpeg])
      if (camera && camera !== sharedMjpeg) started.push(camera);
    // Room for the largest count; the camera-sim's URLs read directly.
    const inspectPort = memoryDetailWanted() ? await freePort() : null;
    server = await startServer(
      { max_cameras: 64 },
      inspectPort === null ? {} : { nodeArgs: [`--inspect=127.0.0.1:${inspectPort}`] },
    );
    const context: PartContext = { plan, server, cameras, inspectPort };
    for (const part of parts)
      if (runs('recorder', part.name)) await section(results, part.name, () => part.run(context));
  } finally {
    await server?.stop();
    for (const camera of started) await stopProcess(camera.child);
  }
}
