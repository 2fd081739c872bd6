// Glass-to-glass: camera send (frame log) → picture painted by the dashboard's own renderers in
// Chromium, for each path, beside the least-work floor and the baseline on the same cameras;
// and, on the H.264 WebCodecs path, where the time goes.
import { startBaseline } from './baseline';
import { probeBaseline, probeDashboard } from './browser';
import type { BenchCamera, CameraKind } from './cameras';
import {
  closeSession,
  decodingReader,
  fmp4FrameTimer,
  ingestLikeReader,
  type OpenedSession,
  openSession,
  type TimedFrame,
  viewer,
} from './clients';
import type { FrameLog } from './frame-log';
import type { LaunchedChromium, LaunchedServer } from '@camrec/testing';
import type { Breakdown, LatencyFigures, LatencyPath, LatencyResult } from './results';
import { median, round, sleep, summary } from './stats';

/** The paths measured: session camera kind, dashboard decoder. */
const PATHS: LatencyPath[] = [
  { camera: 'mjpeg', decoder: 'jpeg', label: 'MJPEG → JPEG canvas' },
  { camera: 'h264', decoder: 'webcodecs', label: 'H.264 → WebCodecs' },
  { camera: 'h264', decoder: 'mse', label: 'H.264 → MSE' },
  { camera: 'h264', decoder: 'jpeg', label: 'H.264 → server JPEG' },
];
const WARM_UP_MS = 1000;

/** A picture seen: `[frame index, seen at (wall ms)]`. */
export type Sample = [index: number, atMs: number];

/** Latency figures of wall-clock samples against the camera's log. */
export function latencyOf(
  samples: Sample[],
  log: FrameLog,
  fromMs: number,
  windowEndMs: number,
): LatencyFigures {
  log.load();
  // The window ends with the samples: a reader that stopped earlier saw nothing after.
  const toMs = Math.min(windowEndMs, Math.max(...samples.map(([, at]) => at)));
  // Each sample with the send time of the frame it shows (samples of no logged send dropped).
  const seen = samples
    .map(([index, at]) => ({ index, at, sent: log.sentAt(index, at) }))
    .filter((s): s is { index: number; at: number; sent: number } => s.sent !== null);
  const stats = summary(
    seen.filter(({ at }) => at >= fromMs && at <= toMs).map(({ at, sent }) => at - sent),
  );
  // Frames painted = of the frames the camera sent while the window's pictures were on their
  // way (sent from its start − p50 to its end − p99), those painted at any time. Counting the
  // sends of the window shifted by one delay instead put the frames at its two edges in or out
  // with the jitter: a frame in ~375 went missing that had been painted.
  // A frame is its send: the replay camera's bar repeats every loop, so the bar alone would
  // count a frame of the first loop and the same bar of the next loop as one.
  const painted = new Set(seen.map(({ index, sent }) => `${index}@${sent}`));
  const sends = log.sendsBetween(fromMs - (stats.p50 ?? 0), toMs - (stats.p99 ?? 0));
  const paintedSends = sends.filter(([bar, ms]) => painted.has(`${bar}@${ms}`)).length;
  return {
    ...stats,
    frames_sent: sends.length,
    frames_painted: paintedSends,
    painted_share: sends.length ? round(paintedSends / sends.length, 4) : null,
  };
}

const asSamples = (frames: TimedFrame[]): Sample[] => frames.map((f) => [f.index, f.atMs]);

/** The reader's first frames come in a burst after its stream probing: the window starts later. */
async function floor(camera: BenchCamera, seconds: number): Promise<LatencyFigures> {
  const reader = decodingReader(camera.url, camera.width, camera.height);
  await sleep(seconds * 1000 + 2 * WARM_UP_MS);
  const frames = await reader.frames();
  if (frames.length === 0) throw new Error(`plain ffmpeg decoded no frame of ${camera.url}`);
  const from = frames[0].atMs + 2 * WARM_UP_MS;
  return latencyOf(asSamples(frames), camera.log, from, from + seconds * 1000);
}

/** The H.264 path split in four, medians over the same window. */
async function breakdown(
  browser: LaunchedChromium,
  server: LaunchedServer,
  session: OpenedSession,
  camera: BenchCamera,
  seconds: number,
): Promise<Breakdown> {
  const socketTimer = fmp4FrameTimer(camera.width, camera.height);
  const ingestTimer = fmp4FrameTimer(camera.width, camera.height);
  const socketViewer = viewer(server.baseUrl, session.id, 'mse', (data, at) =>
    socketTimer.push(data, at),
  );
  const ingest = ingestLikeReader(camera.url, (chunk, at) => ingestTimer.push(chunk, at));
  const probe = await probeDashboard(browser, server.baseUrl, camera.name, 'webcodecs', seconds);
  socketViewer.close();
  await ingest.close();
  const from = probe.startedAt + WARM_UP_MS;
  camera.log.load();
  const delays = (frames: TimedFrame[]) =>
    frames
      .filter((f) => f.atMs >= from)
      .map((f) => [f.atMs, camera.log.sentAt(f.index, f.atMs)] as const)
      .filter((pair): pair is readonly [number, number] => pair[1] !== null)
      .map(([at, sent]) => at - sent);
  const ingestFrames = await ingestTimer.frames();
  const socketFrames = await socketTimer.frames();
  if (!ingestFrames.length || !socketFrames.length) {
    throw new Error(
      `frames timed: ${ingestFrames.length} at the ingest, ${socketFrames.length} at the socket`,
    );
  }
  const cameraToIngest = median(delays(ingestFrames));
  const cameraToSocket = median(delays(socketFrames));
  const decodes = probe.decodes.filter(([, calledAt]) => calledAt >= from);
  const decodedAt = new Map(decodes.map(([index, , at]) => [index, at]));
  const socketToDecoded = median(decodes.map(([, calledAt, at]) => at - calledAt));
  const decodedToPainted = median(
    probe.paints
      .filter(([index, at]) => at >= from && decodedAt.has(index))
      .map(([index, at]) => at - (decodedAt.get(index) ?? at)),
  );
  return {
    glass_to_glass: latencyOf(probe.paints, camera.log, from, probe.endedAt),
    camera_to_ingest_output_ms: round(cameraToIngest),
    // The server's share: arrival at a WebSocket client minus the ingest's own output time.
    ingest_to_socket_ms: round(
      cameraToSocket === null || cameraToIngest === null ? null : cameraToSocket - cameraToIngest,
    ),
    socket_to_decoded_ms: round(socketToDecoded),
    decoded_to_painted_ms: round(decodedToPainted),
    note: 'camera → ingest output: the ingest command run by the bench on the same camera; ingest → socket: a Node WebSocket client of the session minus that; socket → decoded and decoded → painted: in the page (VideoDecoder decode() call → output, output → first animation frame showing it)',
  };
}

export async function measureLatency({
  browser,
  server,
  cameras,
  videosDir,
  seconds,
}: {
  browser: LaunchedChromium;
  server: LaunchedServer;
  cameras: BenchCamera[];
  videosDir: string;
  seconds: number;
}): Promise<LatencyResult> {
  const results: LatencyResult = { paths: [], floor: {}, baseline: {}, breakdown: null };
  const sessions: Partial<Record<CameraKind, OpenedSession>> = {};
  for (const camera of cameras)
    sessions[camera.kind] = await openSession(server.baseUrl, camera.url, camera.name);
  await sleep(1000);
  for (const path of PATHS) {
    const camera = cameras.find((c) => c.kind === path.camera);
    try {
      if (!camera) throw new Error(`no ${path.camera} camera`);
      const probe = await probeDashboard(
        browser,
        server.baseUrl,
        camera.name,
        path.decoder,
        seconds,
      );
      results.paths.push({
        ...path,
        ...latencyOf(probe.paints, camera.log, probe.startedAt + WARM_UP_MS, probe.endedAt),
      });
    } catch (error) {
      results.paths.push({ ...path, error: (error as Error).message });
    }
  }
  const h264 = cameras.find((c) => c.kind === 'h264');
  try {
    if (!h264 || !sessions.h264) throw new Error('no h264 camera');
    results.breakdown = await breakdown(browser, server, sessions.h264, h264, seconds);
  } catch (error) {
    results.breakdown = { error: (error as Error).message };
  }
  for (const camera of cameras) {
    const session = sessions[camera.kind];
    if (session) await closeSession(server.baseUrl, session.id);
  }

  // Least work: a plain ffmpeg reader decoding the camera (no server, no browser).
  for (const camera of cameras) results.floor[camera.kind] = await floor(camera, seconds);
  const baseline = await startBaseline({
    previews: cameras.map((c) => c.url),
    records: [],
    videosDir,
  });
  try {
    for (const [i, camera] of cameras.entries()) {
      try {
        const probe = await probeBaseline(browser, baseline.url, i, seconds);
        results.baseline[camera.kind] = latencyOf(
          probe.paints,
          camera.log,
          probe.startedAt + WARM_UP_MS,
          probe.endedAt,
        );
      } catch (error) {
        // The harness's own words say why (an ffmpeg that exited, a camera it could not read).
        const harness = baseline.stderr().trim().split('\n').slice(-3).join(' | ');
        results.baseline[camera.kind] = {
          error: `${(error as Error).message} ${harness}`.trim(),
        };
      }
    }
  } finally {
    await baseline.stop();
  }
  return results;
}
