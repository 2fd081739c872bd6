import { runSoak } from './soak';
it('soak readings', async () => {
  const soak = await runSoak({ durationMs: 360_000, warmupMs: 60_000, sampleEveryMs: 10_000, dropCameraEveryMs: 60_000 });
  console.log(JSON.stringify({ rss: soak.rss, fds: soak.fds, errors: soak.errors, series: soak.readings.map((r) => [Math.round(r.rssMb), r.fds, r.descendants.length]) }));
}, 600_000);
