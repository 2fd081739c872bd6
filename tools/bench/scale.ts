// Server cost per session (CPU of the server and all its children, RSS) for preview only,
// preview + recording, recording only, at several session counts on one camera; each viewer's
// frame rate beside what the same number of plain ffmpeg readers get from the same camera; and
// the baseline harness doing the same work. Also collects open and stop → playable times.
import { join } from 'node:path';
import type {
  RecordingStatus,
  SessionListResponse,
  StopRecordingResponse,
} from '@camrec/shared-types';
import WebSocket from 'ws';
import { startBaseline } from './baseline';
import { type BenchCamera, sessionUrl } from './cameras';
import {
  closeSession,
  directReader,
  type FrameCounter,
  getJson,
  type OpenedSession,
  openSession,
  post,
  viewer,
} from './clients';
import { treeUsage, type TreeUsage, usageBetween } from './proc';
import type { LaunchedServer } from '@camrec/testing';
import { probeRecording } from './probe';
import {
  type DirectRates,
  type ModeRow,
  type ModeRows,
  type ScaleResult,
  type ScaleRow,
  skipped,
  type Skipped,
  type StopTimings,
  type WindowRow,
} from './results';
import { median, minOf, round, sleep } from './stats';

const WARM_UP_MS = 1500;
/** A viewer keeps up when it gets at least this share of what direct readers get. */
export const FULL_RATE_SHARE = 0.95;
/**
 * The section the per-session CPU and memory targets for 1080p25 are judged on: 4 sessions on a
 * camera at 8 Mbit/s, the top of the 4–8 Mbit/s a 1080p25 camera's main stream usually sends (the
 * cost grows with the bytes; the bench also runs 4 and 18 Mbit/s).
 */
export const HD_TARGET_SECTION = 'h264-1080p-8mbps';

/** Usage of the tree of `pid` and the frame rates of `counters` over a window of `seconds`. */
async function window(
  pid: number,
  counters: FrameCounter[],
  seconds: number,
  sessions: number,
  idle: TreeUsage,
): Promise<WindowRow> {
  const before = treeUsage(pid);
  const start = counters.map((c) => c.stats.frames);
  await sleep(seconds * 1000);
  const after = treeUsage(pid);
  const usage = usageBetween(before, after, seconds);
  const rates = counters.map((c, i) => (c.stats.frames - start[i]) / seconds);
  return {
    ...usage,
    cpu_percent_per_session: round(usage.cpu_percent / sessions, 2),
    rss_mb_per_session: round((after.treeRssMb - idle.treeRssMb) / sessions),
    pss_mb_per_session: round((after.treePssMb - idle.treePssMb) / sessions),
    viewer_fps_min: minOf(rates),
    viewer_fps_median: rates.length ? round(median(rates)) : null,
  };
}

/** What `count` plain ffmpeg readers of the camera get: the camera's own capacity. */
export async function directRates(
  camera: { url: string },
  count: number,
  seconds: number,
): Promise<DirectRates> {
  const readers = Array.from({ length: count }, () => directReader(camera.url));
  // A reader's first frames come in a burst after its stream probing.
  await sleep(3 * WARM_UP_MS);
  const start = readers.map((r) => r.stats.frames);
  await sleep(seconds * 1000);
  const rates = readers.map((r, i) => (r.stats.frames - start[i]) / seconds);
  await Promise.all(readers.map((r) => r.close()));
  return { fps_min: minOf(rates), fps_median: round(median(rates)) };
}

function baselineViewer(url: string, camera: number): FrameCounter & { close(): void } {
  const socket = new WebSocket(`${url.replace('http://', 'ws://')}/?camera=${camera}`);
  const stats = { frames: 0 };
  socket.on('message', () => stats.frames++);
  socket.on('error', () => undefined);
  return { stats, close: () => socket.terminate() };
}

/** Rows of the recording modes at counts past the one where recording fell below full rate. */
const notRun = (atCount: number): Skipped => ({
  skipped: `not run: preview + record fell below full rate at ${atCount} sessions`,
});

/**
 * A server recording further behind the camera than this (its `/record/status` `behind_s`: the
 * oldest frame still waiting to be written) has fallen behind: an MJPEG one is an H.264 encode,
 * and encoders beyond the cores queue frames.
 */
const CAUGHT_UP_BEHIND_S = 1;

/**
 * Whether `row` (a mode's window) kept every viewer, and every recording it made, at full rate
 * against `referenceFps`. Only the server's rows measure their recordings; a BASELINE row is
 * judged by its viewers.
 */
export const keptUp = (row: ModeRow, referenceFps: number | null): boolean =>
  !skipped(row) &&
  referenceFps !== null &&
  referenceFps > 0 &&
  row.viewer_fps_min !== null &&
  row.viewer_fps_min >= FULL_RATE_SHARE * referenceFps &&
  !((row.failed_stops ?? 0) > 0) &&
  (row.recorded_fps_min === undefined ||
    (row.recorded_fps_min ?? 0) >= FULL_RATE_SHARE * referenceFps) &&
  (row.behind_s_max === undefined || row.behind_s_max <= CAUGHT_UP_BEHIND_S);

interface Stop {
  ms: number;
  playable: boolean;
  fps: number | null;
}

/** The server's rows at `count` sessions, and its recordings' stops. */
async function serverRows(
  server: LaunchedServer,
  camera: BenchCamera,
  count: number,
  seconds: number,
  timings: ScaleResult['timings'],
  recordingFellAt: number | null,
): Promise<{ rows: ModeRows; stops: Stop[] }> {
  const idle = treeUsage(server.pid);
  const sessions: OpenedSession[] = [];
  for (let k = 0; k < count; k++) {
    const session = await openSession(server.baseUrl, sessionUrl(camera, k), `${camera.name}-${k}`);
    timings.open_ms.push(session.ms);
    sessions.push(session);
  }
  const format = camera.kind === 'mjpeg' ? 'jpeg' : 'mse';
  const viewers = sessions.map((s) => viewer(server.baseUrl, s.id, format));
  await Promise.all(viewers.map((v) => v.opened));
  await sleep(WARM_UP_MS);
  const preview = await window(server.pid, viewers, seconds, count, idle);
  if (recordingFellAt !== null) {
    viewers.forEach((v) => v.close());
    for (const s of sessions) await closeSession(server.baseUrl, s.id);
    return {
      rows: { preview, both: notRun(recordingFellAt), record: notRun(recordingFellAt) },
      stops: [],
    };
  }
  for (const s of sessions) await post(server.baseUrl, '/record/start', { session_id: s.id });
  await sleep(1000);
  const both = await window(server.pid, viewers, seconds, count, idle);
  const behindWithViewers = await recordingsBehindS(server, sessions);
  viewers.forEach((v) => v.close());
  await sleep(500);
  const record = await window(server.pid, [], seconds, count, idle);
  const rows: ModeRows = { preview, both, record };
  // A backlog only grows while a recording cannot keep up: the ends of the windows show it.
  both.behind_s_max = Math.max(behindWithViewers, await recordingsBehindS(server, sessions));
  const { sessions: listed } = await getJson<SessionListResponse>(server.baseUrl, '/session/list');
  const unwell = listed.filter((s) => s.state !== 'active' || s.stats.reconnects > 0);
  if (unwell.length)
    rows.unwell_sessions = unwell.map(
      (s) => `${s.state}, ${s.stats.reconnects} reconnects: ${s.last_error ?? ''}`,
    );
  // Viewers at full rate say nothing of the recordings (an MJPEG one is an encoder that can
  // fall behind): how far behind they were, every file's own frame rate, the slowest stop, and
  // the stops that failed.
  const stops: Stop[] = [];
  let failedStops = 0;
  for (const s of sessions) {
    const stop = await post<StopRecordingResponse>(server.baseUrl, '/record/stop', {
      session_id: s.id,
    });
    if (stop.status === 200 && stop.body)
      stops.push({ ms: stop.ms, ...probeRecording(join(server.videosDir, stop.body.filename)) });
    else failedStops++;
  }
  both.recorded_fps_min = minOf(stops.map((stop) => stop.fps ?? 0));
  both.slowest_stop_ms = stops.length ? round(Math.max(...stops.map((s) => s.ms)), 0) : null;
  both.failed_stops = failedStops;
  for (const s of sessions) await closeSession(server.baseUrl, s.id);
  return { rows, stops };
}

/** The most any of the sessions' recordings is behind its camera now, in seconds. */
async function recordingsBehindS(
  server: LaunchedServer,
  sessions: OpenedSession[],
): Promise<number> {
  const statuses = await Promise.all(
    sessions.map((s) => getJson<RecordingStatus>(server.baseUrl, `/record/status/${s.id}`)),
  );
  return Math.max(...statuses.map((status) => status.behind_s));
}

async function baselineRows(
  camera: BenchCamera,
  count: number,
  seconds: number,
  videosDir: string,
  timings: StopTimings,
  recordingFellAt: number | null,
): Promise<ModeRows> {
  const urls = Array.from({ length: count }, () => camera.url);
  const idleHarness = await startBaseline({ previews: [], records: [], videosDir });
  const idle = treeUsage(idleHarness.pid);
  await idleHarness.stop();
  const run = async (previews: boolean, records: boolean): Promise<WindowRow> => {
    const harness = await startBaseline({
      previews: previews ? urls : [],
      records: records ? urls : [],
      videosDir,
    });
    try {
      const viewers = previews ? urls.map((_, i) => baselineViewer(harness.url, i)) : [];
      // Its ffmpeg readers probe the stream before the first frame: wait for it (bounded).
      const deadline = Date.now() + 20_000;
      while (viewers.some((v) => v.stats.frames === 0) && Date.now() < deadline) await sleep(200);
      await sleep(previews ? WARM_UP_MS : 3 * WARM_UP_MS);
      const row = await window(harness.pid, viewers, seconds, count, idle);
      viewers.forEach((v) => v.close());
      if (harness.stderr().trim()) row.errors = harness.stderr().trim().split('\n').slice(-5);
      if (records) {
        const stop = await harness.stopRecording(0);
        timings.stop_ms.push(stop.ms);
        timings.playable.push(probeRecording(stop.file).playable);
      }
      return row;
    } finally {
      await harness.stop();
    }
  };
  const preview = await run(true, false);
  if (recordingFellAt !== null)
    return { preview, both: notRun(recordingFellAt), record: notRun(recordingFellAt) };
  return { preview, both: await run(true, true), record: await run(false, true) };
}

export async function measureScale({
  server,
  camera,
  counts,
  seconds,
  videosDir,
}: {
  server: LaunchedServer;
  camera: BenchCamera;
  counts: number[];
  seconds: number;
  videosDir: string;
}): Promise<ScaleResult> {
  const timings: ScaleResult['timings'] = { open_ms: [], stop_ms: [], playable: [] };
  const baselineTimings: StopTimings = { stop_ms: [], playable: [] };
  const rows: ScaleRow[] = [];
  // Once preview + record falls below full rate at a count (MJPEG: every recording is an H.264
  // encode), larger counts only pile up encoders: they measure preview alone, on each side.
  let serverRecordingFellAt: number | null = null;
  let baselineRecordingFellAt: number | null = null;
  for (const count of counts) {
    const direct = await directRates(camera, count, seconds);
    const referenceFps = direct.fps_min;
    const { rows: app, stops } = await serverRows(
      server,
      camera,
      count,
      seconds,
      timings,
      serverRecordingFellAt,
    );
    const baseline = await baselineRows(
      camera,
      count,
      seconds,
      videosDir,
      baselineTimings,
      baselineRecordingFellAt,
    );
    if (serverRecordingFellAt === null && !keptUp(app.both, referenceFps))
      serverRecordingFellAt = count;
    // The stop → playable figure is about recordings that kept up; the others' slowest stop is
    // in their row.
    if (serverRecordingFellAt === null) {
      for (const stop of stops.slice(0, 10 - timings.stop_ms.length)) {
        timings.stop_ms.push(stop.ms);
        timings.playable.push(stop.playable);
      }
    }
    if (baselineRecordingFellAt === null && !keptUp(baseline.both, referenceFps))
      baselineRecordingFellAt = count;
    // Direct readers that got no frame measure nothing: no viewer rate is full rate against 0.
    const fullRate =
      !skipped(app.both) &&
      (['preview', 'both'] as const).every((mode) => keptUp(app[mode], referenceFps));
    rows.push({
      camera: camera.name,
      sessions: count,
      direct,
      reference_fps: referenceFps,
      server: app,
      baseline,
      full_rate: fullRate,
    });
  }
  const sustained = rows.filter((row) => row.full_rate).map((row) => row.sessions);
  return {
    camera_kbps: camera.kbps ?? null,
    rows,
    largest_count_at_full_rate: sustained.length ? Math.max(...sustained) : 0,
    timings,
    baseline_timings: baselineTimings,
  };
}
