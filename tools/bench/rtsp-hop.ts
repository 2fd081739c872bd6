// What the server's one RTSP hop between ffmpeg and the camera costs (issue 20): N sessions of
// one camera encoded live by the GStreamer simulator (the camera's own CPU competes with the
// server's on the same cores, so what the server spends shows up as frames the camera cannot
// send), each with one MSE viewer, beside N plain ffmpeg readers of the same camera in the same
// run. Reported per count: both frame rates and their ratio, the server process's own CPU per
// session (where the relay hop runs: the ingest ffmpegs are its children) and its tree's, and
// the camera → viewer delay of the sessions' frames (the prft capture time the hop reads from
// the camera's sender reports, to the WebSocket message's arrival).
import { ntpToUnixMs } from '@camrec/mp4';
import { loadavg } from 'node:os';
import { liveRtspCamera, sessionUrl } from './cameras';
import { closeSession, directReader, openSession, viewer } from './clients';
import { ownCpuS, treeUsage } from './proc';
import { startCamera, stopProcess } from './processes';
import type { LaunchedServer } from '@camrec/testing';
import type { HopResult, HopRow } from './results';
import { median, minOf, ratio, round, sleep, summary } from './stats';

const WARM_UP_MS = 4500;
const DIGEST = { user: 'bench', password: 'hop-pw' };

export interface HopOptions {
  server: LaunchedServer;
  width: number;
  height: number;
  counts: readonly number[];
  seconds: number;
  /** A Digest camera, credentials in the session URL: the relay answers the challenges. */
  digest: boolean;
}

const load = () => round(loadavg()[0]);

/** Frames per second of each counter over `seconds`: the slowest and the median. */
async function rates(counters: { stats: { frames: number } }[], seconds: number) {
  const start = counters.map((c) => c.stats.frames);
  await sleep(seconds * 1000);
  const fps = counters.map((c, i) => (c.stats.frames - start[i]) / seconds);
  return { min: round(minOf(fps)), median: round(median(fps)) };
}

/** The capture time (Unix ms) of an fMP4 fragment's trailing prft box; null without one. */
function prftOf(data: Buffer): number | null {
  const at = data.lastIndexOf('prft');
  if (at < 4 || at + 20 > data.length) return null;
  return ntpToUnixMs(data.readUInt32BE(at + 12), data.readUInt32BE(at + 16));
}

export async function measureRtspHop(options: HopOptions): Promise<HopResult> {
  const { server, width, height, seconds, digest } = options;
  const camera = digest
    ? await startCamera([
        ...['rtsp', '--size', `${width}x${height}`, '--gop', '1'],
        ...['--auth', 'digest', '--user', DIGEST.user, '--password', DIGEST.password],
      ]).then(({ child, url }) => ({
        child,
        url: url.replace('rtsp://', `rtsp://${DIGEST.user}:${DIGEST.password}@`),
      }))
    : await liveRtspCamera(width, height);
  const rows: HopRow[] = [];
  try {
    for (const count of options.counts) {
      const loadAtStart = load();
      const readers = Array.from({ length: count }, () => directReader(camera.url));
      await sleep(WARM_UP_MS);
      const direct = await rates(readers, seconds);
      await Promise.all(readers.map((r) => r.close()));

      const sessions = [];
      for (let k = 0; k < count; k++)
        sessions.push(await openSession(server.baseUrl, sessionUrl(camera, k), `hop-${k}`));
      const delays: number[] = [];
      let measuring = false;
      const viewers = sessions.map((s) =>
        viewer(server.baseUrl, s.id, 'mse', (data, atMs) => {
          const capturedAt = measuring ? prftOf(data) : null;
          if (capturedAt !== null) delays.push(atMs - capturedAt);
        }),
      );
      await Promise.all(viewers.map((v) => v.opened));
      await sleep(WARM_UP_MS);
      const own0 = ownCpuS(server.pid);
      const tree0 = treeUsage(server.pid).cpuS;
      measuring = true;
      const viewed = await rates(viewers, seconds);
      measuring = false;
      const ownPercent = ((ownCpuS(server.pid) - own0) / seconds) * 100;
      const treePercent = ((treeUsage(server.pid).cpuS - tree0) / seconds) * 100;
      viewers.forEach((v) => v.close());
      for (const s of sessions) await closeSession(server.baseUrl, s.id);
      const row: HopRow = {
        sessions: count,
        direct_fps_min: direct.min,
        direct_fps_median: direct.median,
        session_fps_min: viewed.min,
        session_fps_median: viewed.median,
        ratio_min: round(ratio(viewed.min, direct.min), 2),
        ratio_median: round(ratio(viewed.median, direct.median), 2),
        server_own_cpu_percent_per_session: round(ownPercent / count, 2),
        server_tree_cpu_percent_per_session: round(treePercent / count, 2),
        capture_to_viewer_ms: summary(delays),
        load_average: [loadAtStart, load()],
      };
      console.log(`bench: hop ${digest ? 'digest' : 'plain'} ${count}: ${JSON.stringify(row)}`);
      rows.push(row);
      await sleep(1000);
    }
  } finally {
    await stopProcess(camera.child);
  }
  return {
    label: `RTSP H.264 ${height}p25 live encoder (GStreamer)${digest ? ', Digest credentials' : ''}`,
    rows,
  };
}
