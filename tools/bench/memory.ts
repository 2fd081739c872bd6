// Memory over time: one H.264 and one MJPEG session with a viewer each, recordings started and
// stopped in cycles for the whole run; the server's RSS (and its tree's) sampled throughout.
// Growth is counted from the end of a warm-up in which each session's pre-roll ring fills to its
// bound (30 s of video or pre_roll_ring_mb): memory that is meant to be held is not growth.
import type { BenchCamera } from './cameras';
import { closeSession, type OpenedSession, openSession, post, viewer } from './clients';
import { treeUsage } from './proc';
import type { LaunchedServer } from '@camrec/testing';
import type { MemoryResult, MemorySample } from './results';
import { round, sleep } from './stats';

const SAMPLE_EVERY_MS = 5000;

export async function measureMemory({
  server,
  cameras,
  seconds,
  warmUpSeconds,
  recordSeconds,
}: {
  server: LaunchedServer;
  cameras: BenchCamera[];
  seconds: number;
  warmUpSeconds: number;
  recordSeconds: number;
}): Promise<MemoryResult> {
  const sessions: OpenedSession[] = [];
  for (const camera of cameras)
    sessions.push(await openSession(server.baseUrl, camera.url, `${camera.name}-memory`));
  const viewers = sessions.map((s, i) =>
    viewer(server.baseUrl, s.id, cameras[i].kind === 'mjpeg' ? 'jpeg' : 'mse'),
  );
  await Promise.all(viewers.map((v) => v.opened));
  await sleep(2000);
  const samples: MemorySample[] = [];
  const startedAt = Date.now();
  const sample = () => {
    const usage = treeUsage(server.pid);
    samples.push({
      t_s: round((Date.now() - startedAt) / 1000),
      rss_mb: round(usage.rssMb),
      tree_rss_mb: round(usage.treeRssMb),
    });
  };
  sample();
  let cycles = 0;
  let failures = 0;
  const endAt = startedAt + (warmUpSeconds + seconds) * 1000;
  while (Date.now() < endAt) {
    for (const s of sessions) await post(server.baseUrl, '/record/start', { session_id: s.id });
    const recordUntil = Math.min(Date.now() + recordSeconds * 1000, endAt);
    while (Date.now() < recordUntil) {
      await sleep(Math.min(SAMPLE_EVERY_MS, Math.max(0, recordUntil - Date.now())));
      sample();
    }
    for (const s of sessions) {
      const stop = await post(server.baseUrl, '/record/stop', { session_id: s.id });
      if (stop.status !== 200) failures++;
    }
    cycles++;
    await sleep(1000);
  }
  sample();
  viewers.forEach((v) => v.close());
  for (const s of sessions) await closeSession(server.baseUrl, s.id);
  const first = samples.find((s) => (s.t_s ?? 0) >= warmUpSeconds) ?? samples[0];
  const last = samples[samples.length - 1];
  const growth =
    first.rss_mb && last.rss_mb ? ((last.rss_mb - first.rss_mb) / first.rss_mb) * 100 : null;
  return {
    seconds,
    warm_up_seconds: warmUpSeconds,
    recording_cycles: cycles,
    failed_stops: failures,
    start_rss_mb: first.rss_mb,
    end_rss_mb: last.rss_mb,
    rss_growth_percent: round(growth),
    start_tree_rss_mb: first.tree_rss_mb,
    end_tree_rss_mb: last.tree_rss_mb,
    samples,
  };
}
