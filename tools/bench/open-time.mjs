// Time to open a session (POST /session/open until its answer), per camera type.
import { closeSession, openSession } from './clients.mjs';
import { round, percentile, sleep } from './stats.mjs';

export async function measureOpenTimes({ server, cameras, repeats }) {
  const results = {};
  for (const camera of cameras) {
    const times = [];
    const errors = [];
    for (let k = 0; k < repeats; k++) {
      try {
        const session = await openSession(
          server.baseUrl,
          `${camera.url}?open=${k}`,
          `open-${camera.kind}-${k}`,
        );
        times.push(session.ms);
        await closeSession(server.baseUrl, session.id);
      } catch (error) {
        errors.push(error.message);
      }
      await sleep(300);
    }
    results[camera.kind] = {
      label: camera.label,
      n: times.length,
      median_ms: round(percentile(times, 50), 0),
      p95_ms: round(percentile(times, 95), 0),
      errors,
    };
  }
  return results;
}
