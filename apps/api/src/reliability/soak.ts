import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WebSocket } from 'ws';
import { SimCamera, startMjpegCamera, startRtspCamera } from '@camrec/testing/camera-sim';
import { launchServer, sleep, waitFor } from '@camrec/testing';
import { FAULT_SERVER_SETTINGS } from './faults';
import { keptMemoryMb } from './live-memory';
import { ProcessReading, readProcess } from './process-watch';
import { openViewer } from './raw-client';

/**
 * `max_sessions` cameras under a steady churn: viewers join and leave, recordings start and
 * stop, one camera drops every minute. What must hold: no error answers, and after warm-up
 * the server's memory, descriptors and child processes stay flat.
 */

export interface SoakOptions {
  durationMs: number;
  warmupMs: number;
  sampleEveryMs: number;
  dropCameraEveryMs: number;
}

export interface SoakResult {
  durationS: number;
  actions: Record<string, number>;
  /** Answers that should not happen (5xx, unexpected 4xx, failed requests), first 20. */
  errors: string[];
  errorCount: number;
  readings: ProcessReading[];
  /** MB that survive a full GC (live-memory.ts): the leak measure. */
  kept: Growth;
  /** MB; reported, not a leak measure: V8 lets garbage build up to its heap limit first. */
  rss: Growth;
  fds: Growth;
  children: { baseline: number; end: number };
}

/** A figure at the start, just after warm-up and at the end, and its growth in between. */
export interface Growth {
  start: number;
  afterWarmup: number;
  end: number;
  growthPct: number;
}

/** Each kept-memory reading forces a full GC: this seldom, so that it barely changes the load. */
const KEPT_EVERY_MS = 30_000;

/** A small deterministic generator, so that two runs take the same actions. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / Math.max(values.length, 1);
const growth = (from: number, to: number) => Math.round(((to - from) / from) * 1000) / 10;

/** Mean of the first 3 readings after warm-up against the mean of the last 3. */
function growthAfter(readings: Array<{ at: number; value: number }>, warmedUpAt: number): Growth {
  const afterWarmup = mean(
    readings
      .filter((r) => r.at >= warmedUpAt)
      .slice(0, 3)
      .map((r) => r.value),
  );
  const end = mean(readings.slice(-3).map((r) => r.value));
  return {
    start: readings[0].value,
    afterWarmup: Math.round(afterWarmup * 10) / 10,
    end: Math.round(end * 10) / 10,
    growthPct: growth(afterWarmup, end),
  };
}

export async function runSoak(options: SoakOptions): Promise<SoakResult> {
  const root = mkdtempSync(join(tmpdir(), 'camrec-soak-'));
  const cameras: SimCamera[] = [
    await startMjpegCamera({ fps: 10 }),
    await startMjpegCamera({ fps: 15, width: 320, height: 240 }),
    await startRtspCamera({ codec: 'h264', gop: 1 }),
  ];
  const settings = { ...FAULT_SERVER_SETTINGS, log_level: 'info', max_sessions: 3 };
  const server = await launchServer({ dir: root, settings, inspect: true });
  const viewers: WebSocket[] = [];
  const recording = new Set<string>();
  const actions: Record<string, number> = {};
  const errors: string[] = [];
  let errorCount = 0;
  const note = (action: string) => (actions[action] = (actions[action] ?? 0) + 1);
  const fail = (what: string) => {
    errorCount += 1;
    if (errors.length < 20) errors.push(what);
  };
  /** A request whose status must be one of `allowed`. */
  const call = async (method: string, path: string, body: unknown, allowed: number[]) => {
    try {
      const answer = await server.json(method, path, body);
      if (!allowed.includes(answer.status)) fail(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`); // prettier-ignore
      return answer.status;
    } catch (error) {
      fail(`${method} ${path}: ${(error as Error).message}`);
      return 0;
    }
  };

  try {
    const ids: string[] = [];
    for (const camera of cameras) {
      const opened = await server.json<{ session_id: string }>('POST', '/session/open', { url: camera.url }); // prettier-ignore
      if (opened.status !== 201) throw new Error(`soak: open answered ${opened.status}`);
      ids.push(opened.body.session_id);
    }
    const baselineChildren = readProcess(server.pid).descendants.length;
    const readings: ProcessReading[] = [readProcess(server.pid)];
    const kept: Array<{ at: number; value: number }> = [];
    const readKept = async () =>
      kept.push({ at: Date.now(), value: await keptMemoryMb(server.inspectorUrl as string) });
    await readKept();
    const next = random(20261201);
    const started = Date.now();
    let lastSample = started;
    let lastKept = started;
    let lastDrop = started;

    while (Date.now() - started < options.durationMs) {
      const id = ids[Math.floor(next() * ids.length)];
      const roll = next();
      if (roll < 0.25 && viewers.length < 6) {
        const format = id === ids[2] && next() < 0.5 ? 'mse' : 'jpeg';
        const viewer = await openViewer(server.port, id, format).catch((error: Error) => {
          fail(`viewer: ${error.message}`);
          return null;
        });
        if (viewer) viewers.push(viewer);
        note('viewer joined');
      } else if (roll < 0.45 && viewers.length > 0) {
        viewers.splice(Math.floor(next() * viewers.length), 1)[0].close();
        note('viewer left');
      } else if (roll < 0.6 && !recording.has(id)) {
        // 409: the previous clip of this session may still be finalising.
        const status = await call('POST', '/record/start', { session_id: id, duration: 2 + Math.floor(next() * 5) }, [201, 409]); // prettier-ignore
        if (status === 201) recording.add(id);
        note('recording started');
      } else if (roll < 0.7 && recording.has(id)) {
        // 409/404: the clip reached its duration meanwhile.
        await call('POST', '/record/stop', { session_id: id }, [200, 201, 404, 409]);
        recording.delete(id);
        note('recording stopped');
      } else {
        const status = await server.json<{ state: string }>('GET', `/record/status/${id}`).catch(() => null); // prettier-ignore
        if (!status || status.status !== 200) fail(`GET /record/status: ${status?.status}`);
        else if (status.body.state !== 'recording') recording.delete(id);
        await call('GET', next() < 0.5 ? '/session/list' : '/videos', undefined, [200]);
        note('status read');
      }
      if (Date.now() - lastDrop >= options.dropCameraEveryMs) {
        // The first camera goes away and comes back on the same port; its session reconnects.
        const port = cameras[0].port;
        await cameras[0].stop();
        await sleep(3000);
        cameras[0] = await startMjpegCamera({ fps: 10, port });
        lastDrop = Date.now();
        note('camera dropped');
      }
      if (Date.now() - lastSample >= options.sampleEveryMs) {
        readings.push(readProcess(server.pid));
        lastSample = Date.now();
      }
      if (Date.now() - lastKept >= KEPT_EVERY_MS) {
        await readKept();
        lastKept = Date.now();
      }
      await sleep(250);
    }

    viewers.splice(0).forEach((viewer) => viewer.close());
    for (const id of ids)
      await call('POST', '/record/stop', { session_id: id }, [200, 201, 404, 409]);
    const childrenEnd = await waitFor('children back to the baseline', async () => {
      const count = readProcess(server.pid).descendants.length;
      return count <= baselineChildren ? count : undefined;
    }, { timeoutMs: 20_000 }).catch(() => readProcess(server.pid).descendants.length); // prettier-ignore
    await sleep(2000);
    readings.push(readProcess(server.pid));

    const warmedUpAt = started + options.warmupMs;
    const figure = (value: (r: ProcessReading) => number) =>
      growthAfter(
        readings.map((r) => ({ at: r.at, value: value(r) })),
        warmedUpAt,
      );
    return {
      durationS: Math.round((Date.now() - started) / 1000),
      actions,
      errors,
      errorCount,
      readings,
      kept: growthAfter(kept, warmedUpAt),
      rss: figure((r) => r.rssMb),
      fds: figure((r) => r.fds),
      children: { baseline: baselineChildren, end: childrenEnd },
    };
  } finally {
    viewers.forEach((viewer) => viewer.terminate());
    await server.stop();
    await Promise.all(cameras.map((camera) => camera.stop()));
    rmSync(root, { recursive: true, force: true });
  }
}
