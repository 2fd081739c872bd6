// N saved cameras on one simulated camera recorded continuously with no viewer: the server
// tree's CPU and memory per camera over a window after a warm-up, whether every camera kept
// recording (`/cameras` status, the index's segment being written not falling behind), and,
// once the cameras are closed, what their segments of the window say about frames lost.
import { join } from 'node:path';
import type { CameraInfo, MjpegStorage } from '@camrec/shared-types';
import { segmentPath } from '@camrec/recording';
import { memoryDetail, memoryDetailWanted, processMemory, sampleMemory } from '../memory-detail';
import { treeUsage, usageBetween } from '../proc';
import { probeRecording } from '../probe';
import type { LaunchedServer } from '@camrec/testing';
import type { ContinuousRow, DirectRates, RecordingWatch } from '../results';
import { directRates } from '../scale';
import { maxOf, round, sleep } from '../stats';
import {
  cameraStates,
  deleteCameras,
  disableCameras,
  saveCameras,
  segmentsOf,
} from './saved-cameras';
import { type CameraSegments, checkSegments, segmentsWhole } from './segment-check';

/** The segment being written may trail the clock by a sync interval (1 s) and an encoder's delay. */
export const MAX_LAG_S = 3;
/** A lag that grows by more than this over a window is a backlog, not the sync interval. */
export const MAX_LAG_GROWTH_S = 1.5;
export interface ContinuousRun {
  server: LaunchedServer;
  camera: { url: string; name: string };
  count: number;
  segmentS: number;
  warmUpSeconds: number;
  seconds: number;
  mjpegStorage?: MjpegStorage;
  /** ffprobe every segment file (frame rate, playable) besides the index's counts. */
  probeFiles: boolean;
  /** What `count` direct readers of the camera get: measured already, or for this long. */
  direct: DirectRates | { seconds: number };
  /** Debug only: the server's inspector port, for BENCH_MEMORY_DETAIL's node figures. */
  inspectPort?: number | null;
}

/** Every camera's recording state now: `recording`, and how far behind its index row is. */
async function readStates(
  server: LaunchedServer,
  cameras: CameraInfo[],
  segmentS: number,
): Promise<{ recording: Set<string>; lagS: Map<string, number | null> }> {
  const recording = new Set<string>();
  // Between two segments a camera is briefly not `recording`: asked again before counting it.
  for (let attempt = 0; attempt < 3 && recording.size < cameras.length; attempt++) {
    if (attempt) await sleep(300);
    const states = await cameraStates(server);
    for (const camera of cameras)
      if (states.get(camera.id)?.status.recording) recording.add(camera.id);
  }
  const lagS = new Map<string, number | null>();
  for (const camera of cameras) {
    const now = Date.now();
    const recent = await segmentsOf(
      server,
      camera.id,
      now - (2 * segmentS + 5) * 1000,
      now + 60_000,
    );
    const last = recent.at(-1);
    lagS.set(camera.id, last ? round((now - Date.parse(last.ended_at)) / 1000, 2) : null);
  }
  return { recording, lagS };
}

function recordingWatch(
  cameras: CameraInfo[],
  start: Awaited<ReturnType<typeof readStates>>,
  end: Awaited<ReturnType<typeof readStates>>,
): RecordingWatch {
  const lags = (states: typeof start) =>
    [...states.lagS.values()].filter((lag): lag is number => lag !== null);
  const growth = cameras.flatMap((camera) => {
    const before = start.lagS.get(camera.id);
    const after = end.lagS.get(camera.id);
    return before === null || before === undefined || after === null || after === undefined
      ? []
      : [after - before];
  });
  const noLag = cameras.filter(
    (c) => (start.lagS.get(c.id) ?? null) === null || (end.lagS.get(c.id) ?? null) === null,
  );
  return {
    not_recording: cameras.filter(
      (c) => !start.recording.has(c.id) || !end.recording.has(c.id) || noLag.includes(c),
    ).length,
    lag_s_start_max: maxOf(lags(start), 2),
    lag_s_end_max: maxOf(lags(end), 2),
    lag_growth_s_max: maxOf(growth, 2),
  };
}

export const watchKeptUp = (watch: RecordingWatch): boolean =>
  watch.not_recording === 0 &&
  watch.lag_s_end_max !== null &&
  watch.lag_s_end_max <= MAX_LAG_S &&
  watch.lag_growth_s_max !== null &&
  watch.lag_growth_s_max <= MAX_LAG_GROWTH_S;

/** Waits (10 s at most) until none of the cameras' segments from `fromMs` on is being written. */
async function settle(
  server: LaunchedServer,
  cameras: CameraInfo[],
  fromMs: number,
): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (const camera of cameras) {
    while (Date.now() < deadline) {
      const segments = await segmentsOf(server, camera.id, fromMs, Date.now() + 60_000);
      if (segments.every((s) => s.state === 'final')) break;
      await sleep(250);
    }
  }
}

/** The cameras' segments overlapping [fromMs, toMs), each file probed when asked. */
async function windowSegments(
  run: ContinuousRun,
  cameras: CameraInfo[],
  fromMs: number,
  toMs: number,
): Promise<CameraSegments[]> {
  const out: CameraSegments[] = [];
  for (const camera of cameras) {
    const segments = await segmentsOf(run.server, camera.id, fromMs, toMs);
    const files = run.probeFiles
      ? segments.map((s) =>
          probeRecording(
            join(run.server.videosDir, segmentPath(camera.id, Date.parse(s.started_at))),
          ),
        )
      : undefined;
    out.push({ cameraId: camera.id, segments, files });
  }
  return out;
}

/** One row: direct readers, then `count` saved cameras over a window, then their segments. */
export async function continuousRow(run: ContinuousRun): Promise<ContinuousRow> {
  const { server, count } = run;
  const direct =
    'seconds' in run.direct ? await directRates(run.camera, count, run.direct.seconds) : run.direct;
  const referenceFps = direct.fps_min;
  const idle = treeUsage(server.pid);
  const idleDetail = memoryDetailWanted() ? processMemory(server.pid) : null;
  const cameras: CameraInfo[] = [];
  try {
    const options = { segmentS: run.segmentS, mjpegStorage: run.mjpegStorage };
    await saveCameras(server, run.camera, count, options, cameras);
    await sleep(run.warmUpSeconds * 1000);
    const atStart = await readStates(server, cameras, run.segmentS);
    const before = treeUsage(server.pid);
    const fromMs = Date.now();
    const sampler = idleDetail ? sampleMemory(server.pid, run.inspectPort ?? null) : null;
    await sleep(run.seconds * 1000);
    const samples = await sampler?.stop();
    const after = treeUsage(server.pid);
    const toMs = Date.now();
    const endDetail = idleDetail ? await memoryDetail(server.pid, run.inspectPort ?? null) : null;
    const atEnd = await readStates(server, cameras, run.segmentS);
    await disableCameras(server, cameras);
    await settle(server, cameras, fromMs);
    const check = checkSegments(
      await windowSegments(run, cameras, fromMs, toMs),
      fromMs,
      toMs,
      referenceFps,
    );
    const watch = recordingWatch(cameras, atStart, atEnd);
    const usage = usageBetween(before, after, (toMs - fromMs) / 1000);
    return {
      cameras: count,
      direct,
      reference_fps: referenceFps,
      window_s: round((toMs - fromMs) / 1000, 1) ?? run.seconds,
      cpu_percent: usage.cpu_percent,
      cpu_percent_per_camera: round(usage.cpu_percent / count, 2),
      pss_mb_per_camera: round((after.treePssMb - idle.treePssMb) / count),
      rss_mb_per_camera: round((after.treeRssMb - idle.treeRssMb) / count),
      processes: usage.processes,
      watch,
      segments: check,
      no_frame_lost: segmentsWhole(check) && watchKeptUp(watch),
      ...(idleDetail && endDetail
        ? {
            memory_detail: {
              idle: {
                processes: idleDetail.processes,
                root_pss_mb_by_kind: idleDetail.root_pss_mb_by_kind,
              },
              end: endDetail,
              samples,
            },
          }
        : {}),
    };
  } finally {
    await deleteCameras(server, cameras);
  }
}
