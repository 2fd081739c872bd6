// Time to open a session (POST /session/open until its answer), per camera type.
import type { OpenableCamera } from './cameras';
import { closeSession, openSession } from './clients';
import type { LaunchedServer } from '@camrec/testing';
import type { OpenTimes } from './results';
import { percentile, round, sleep } from './stats';

export async function measureOpenTimes({
  server,
  cameras,
  repeats,
}: {
  server: LaunchedServer;
  cameras: OpenableCamera[];
  repeats: number;
}): Promise<Record<string, OpenTimes>> {
  const results: Record<string, OpenTimes> = {};
  for (const camera of cameras) {
    const times: number[] = [];
    const errors: string[] = [];
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
        errors.push((error as Error).message);
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
