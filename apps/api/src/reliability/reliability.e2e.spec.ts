import { createHash } from 'node:crypto';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { CameraInfo, CameraListResponse } from '@camrec/shared-types';
import { SimCamera, startMjpegCamera } from '@camrec/testing/camera-sim';
import { launchServer, sleep, type LaunchedServer, WORKSPACE_ROOT } from '@camrec/testing';
import { SECRET_CAMERA_NAME, TARGET_CAMERA_NAME } from './camera-corpus';
import { runHttpCorpus, runWsCorpus, tally } from './corpus-runner';
import { FAULT_SERVER_SETTINGS, FAULTS } from './faults';
import { SECRET_MARK } from './hostile-corpus';
import { keptMemoryMb } from './live-memory';
import { allCommandLines, commandLineOf, readProcess } from './process-watch';
import { renderReport, ReliabilityResults } from './reliability-report';
import { runSoak } from './soak';

/**
 * The reliability suite. `npm test` runs the hostile corpus and the faults; `npm run
 * test:reliability` (CAMREC_RELIABILITY=full) also runs a 10-minute soak and writes
 * RELIABILITY.md (the soak is reported as skipped in `npm test`).
 */
const FULL = process.env['CAMREC_RELIABILITY'] === 'full';
const SOAK_MINUTES = 10;
/**
 * The corpus is sent once whole, then three times more for the leak check with one case in
 * LEAK_PASS_SAMPLE of each kind (every route and outcome, a third of the payloads: four whole
 * passes took 95 s of CPU here, these 52 s). The third or the fourth pass may add at most
 * LATE_PASS_SLACK_MB to what survives a full garbage collection (the smaller of the two counts: a
 * leak adds to every pass, while code V8 optimises late — on a busy machine, during the third
 * pass — lands in one only). A leak keeps something from every pass: a 4 KB Buffer kept per
 * HTTP request added 6.0–6.7 MB a sampled pass. What fills once does not count: the first pass
 * compiles the request paths, and the next ones still add a little, nearly all of it optimised
 * code (heap snapshots diffed): 0.4, 0.2 and -0.1 MB over the three sampled passes here.
 */
const LEAK_PASS_SAMPLE = 3;
const LATE_PASS_SLACK_MB = 1;

const results: ReliabilityResults = {
  mode: FULL ? 'full' : 'quick',
  command: FULL ? 'npm run test:reliability' : 'npm test',
  faults: [],
};

/** Every file under `root` except the videos folder, with a digest of its content. */
function fileSnapshot(root: string): Map<string, string> {
  const snapshot = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (relative(root, path) !== 'videos') walk(path);
      } else {
        const digest = createHash('sha256').update(readFileSync(path)).digest('hex');
        snapshot.set(relative(root, path), `${statSync(path).mtimeMs} ${digest}`);
      }
    }
  };
  walk(root);
  return snapshot;
}

function changedFiles(before: Map<string, string>, after: Map<string, string>): string[] {
  const names = new Set([...before.keys(), ...after.keys()]);
  return [...names].filter((name) => before.get(name) !== after.get(name));
}

/** What the server keeps (after a full GC) and its RSS, or null if it died. */
async function memoryOf(server: LaunchedServer): Promise<{ keptMb: number; rssMb: number } | null> {
  if (!server.running || !server.inspectorUrl) return null;
  return { keptMb: await keptMemoryMb(server.inspectorUrl), rssMb: readProcess(server.pid).rssMb };
}

describe('reliability', () => {
  afterAll(() => {
    const report = renderReport(results);
    if (FULL) writeFileSync(join(WORKSPACE_ROOT, 'RELIABILITY.md'), report);
    else process.stdout.write(`${report}\n`);
  });

  it(
    'answers the hostile corpus without a 5xx, a crash, a stray process, a touched file or a shown password',
    async () => {
      const root = mkdtempSync(join(tmpdir(), 'camrec-corpus-'));
      writeFileSync(join(root, 'canary.txt'), 'canary: must stay as it is\n');
      mkdirSync(join(root, 'outside'));
      writeFileSync(join(root, 'outside', 'canary.txt'), 'canary outside\n');
      const camera: SimCamera = await startMjpegCamera({ fps: 10 });
      // A camera whose password carries the mark: saved unverified, it opens by itself.
      const secretPassword = `${SECRET_MARK}-pw`;
      const secret: SimCamera = await startMjpegCamera({ fps: 10, auth: { type: 'basic', user: 'admin', password: secretPassword } }); // prettier-ignore
      // The cameras are stopped however the test ends, a server that did not start included.
      try {
        // Every hostile URL must reach the URL checks, not the open rate limit (429).
        const server = await launchServer({
          dir: root,
          settings: {
            ...FAULT_SERVER_SETTINGS,
            max_sessions: 3,
            open_rate_limit_per_min: 10_000,
            // The session's pre-roll ring fills in its first ~7 s (1 MB at 10 fps), during the
            // first pass: the leak check compares the later passes only.
            pre_roll_ring_mb: 1,
          },
          inspect: true,
        });
        try {
          const before = fileSnapshot(root);
          const opened = await server.json<{ session_id: string }>('POST', '/session/open', {
            url: camera.url,
          });
          expect(opened.status).toBe(201);
          // The PATCH and DELETE cases' target: enabled at a dead address, so that every change
          // the validation lets through reopens it; and the camera whose reads must hide its password.
          const target = await server.json<CameraInfo>('POST', '/cameras', { name: TARGET_CAMERA_NAME, url: 'rtsp://127.0.0.1:1/x', verify: false }); // prettier-ignore
          const secretCamera = await server.json<CameraInfo>('POST', '/cameras', {
            name: SECRET_CAMERA_NAME,
            url: secret.url.replace('http://', `http://admin:${secretPassword}@`),
            substream_url: `http://admin:${SECRET_MARK}sub@127.0.0.1:1/sub?pwd=${SECRET_MARK}q`,
            // Its ONVIF device (PTZ) is not there: the reads of it must hide this password too.
            onvif_address: '127.0.0.1:1',
            onvif_username: 'admin',
            onvif_password: `${SECRET_MARK}onvif`,
            verify: false,
          });
          expect([target.status, secretCamera.status]).toEqual([201, 201]);
          const ctx = {
            authority: `127.0.0.1:${server.port}`,
            sessionId: opened.body.session_id,
            cameraId: target.body.id,
            secretCameraId: secretCamera.body.id,
          };
          const start = await memoryOf(server);

          const http = await runHttpCorpus(server.port, ctx);
          const ws = await runWsCorpus(server.port, ctx, 500);
          // The same kinds of case three times more: what a leak keeps grows with every pass.
          const after = [await memoryOf(server)];
          for (let pass = 2; pass <= 4 && after.at(-1); pass++) {
            await runHttpCorpus(server.port, ctx, LEAK_PASS_SAMPLE);
            await runWsCorpus(server.port, ctx, 500);
            after.push(await memoryOf(server));
          }
          const readings = [start, ...after];
          const crashes = after[3] ? 0 : 1;
          const health = crashes ? 0 : (await server.json('GET', '/health')).status;
          // Nothing a case saved is left, and nothing deleted or renamed the two cameras.
          const saved = crashes ? [] : (await server.json<CameraListResponse>('GET', '/cameras')).body.cameras; // prettier-ignore
          const secretOpened = saved.some((c) => c.id === ctx.secretCameraId && c.status.state === 'online'); // prettier-ignore
          await server.json('POST', '/session/close', { session_id: ctx.sessionId });
          await sleep(1000);
          // The saved camera at a dead address is retried by a short-lived ffmpeg now and then:
          // a stray process is one still there 2 s later.
          const children = crashes ? [] : readProcess(server.pid).descendants;
          await sleep(2000);
          const later = crashes ? [] : readProcess(server.pid).descendants;
          const stray = later.filter((pid) => children.includes(pid)).map(commandLineOf);
          const cases = [...http.cases, ...ws];
          results.corpus = {
            byCategory: tally(cases),
            failures: cases.filter((c) => !c.passed),
            serverErrors: http.serverErrors,
            crashes,
            strayProcesses: stray.length,
            strayCommands: stray.filter((line): line is string => line !== null),
            filesTouched: changedFiles(before, fileSnapshot(root)),
            leaks: {
              answers: http.leakingAnswers,
              logLines: server.output().split('\n').filter((line) => line.includes(SECRET_MARK)).length, // prettier-ignore
              processList: allCommandLines().filter((line) => line.includes(SECRET_MARK)).length,
            },
            kept: readings.map((m) => m?.keptMb ?? 0),
            rss: readings.map((m) => m?.rssMb ?? 0),
          };

          expect(cases.length).toBeGreaterThanOrEqual(3000);
          expect(health).toBe(200);
          expect(saved.map((c) => c.name).sort()).toEqual([TARGET_CAMERA_NAME, SECRET_CAMERA_NAME].sort()); // prettier-ignore
          expect(secretOpened).toBe(true);
          expect(results.corpus.failures.map((f) => `${f.category}: ${f.name.slice(0, 120)} → ${f.outcome}`)).toEqual([]); // prettier-ignore
          expect(results.corpus).toMatchObject({
            serverErrors: 0,
            crashes: 0,
            strayProcesses: 0,
            filesTouched: [],
            leaks: { answers: 0, logLines: 0, processList: 0 },
          });
          const [, , second, third, fourth] = results.corpus.kept;
          expect(Math.min(third - second, fourth - third)).toBeLessThanOrEqual(LATE_PASS_SLACK_MB);
        } finally {
          await server.stop();
        }
      } finally {
        await Promise.all([camera.stop(), secret.stop()]);
        rmSync(root, { recursive: true, force: true });
      }
    },
    15 * 60_000,
  );

  it.each(FAULTS.map((fault) => [fault.name, fault] as const))(
    'survives a fault: %s',
    async (_name, fault) => {
      const result = await fault();
      results.faults.push(result);
      if (!result.passed) throw new Error(`${result.name}: ${result.details}`);
    },
    5 * 60_000,
  );

  (FULL ? it : it.skip)(
    `keeps memory, descriptors and children flat over a ${SOAK_MINUTES}-minute soak`,
    async () => {
      const soak = await runSoak({
        durationMs: SOAK_MINUTES * 60_000,
        // Steady state starts once the server keeps as much as it ever will: a finished clip's
        // recorder is kept for 5 minutes (RecordingService), and the first camera drop (at
        // 60 s) makes one-off allocations.
        warmupMs: 300_000,
        sampleEveryMs: 5_000,
        dropCameraEveryMs: 60_000,
      });
      results.soak = soak;
      expect(soak.errors).toEqual([]);
      expect(soak.fds.growthPct).toBeLessThanOrEqual(5);
      expect(soak.children.end).toBeLessThanOrEqual(soak.children.baseline);
      // What the server keeps is held to the target; RSS is reported only: with
      // --initial-old-space-size=128 it grew 6.2 % after warm-up as garbage built up towards
      // V8's first full collection.
      expect(soak.kept.growthPct).toBeLessThanOrEqual(5);
    },
    (SOAK_MINUTES + 5) * 60_000,
  );
});
