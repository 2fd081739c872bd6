// `npm run bench` (full, ~45 min) and `npm run bench -- --quick` (< 5 min): measures the
// production build against simulated cameras on 127.0.0.1, beside a baseline harness of the
// original design on the same cameras, and writes bench-results/<timestamp>.json plus a
// Markdown summary (bench-results/<timestamp>.md) in the form BENCHMARKS.md uses.
// Every loop is bounded in count and time; every process started here is stopped at the end.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { launchBrowser } from './bench/browser.mjs';
import { liveRtspCamera, mjpegCamera, replayCamera } from './bench/cameras.mjs';
import { measureLatency } from './bench/latency.mjs';
import { measureMemory } from './bench/memory.mjs';
import { measureFalseEvents, measureMotion } from './bench/motion.mjs';
import { measureOpenTimes } from './bench/open-time.mjs';
import { startServer, stopAll, stopProcess } from './bench/processes.mjs';
import { markdownReport } from './bench/report.mjs';
import { measureScale } from './bench/scale.mjs';

const quick = process.argv.includes('--quick');
// --only <section>[/<part>]: that section alone (e.g. `scale/h264-720p`), for trying one.
const SECTIONS = ['latency', 'scale', 'open', 'motion', 'memory'];
const only = process.argv.includes('--only')
  ? process.argv[process.argv.indexOf('--only') + 1]
  : null;
const [onlySection, onlyPart] = only?.split('/') ?? [null, null];
if (only !== null && !SECTIONS.includes(onlySection)) {
  console.error(`bench: --only takes one of ${SECTIONS.join(', ')}, got ${only}`);
  process.exit(2);
}
/** Whether section `name` (or its `part`, when given) is to run. */
const runs = (name, part) =>
  !only || (onlySection === name && (!onlyPart || part === undefined || onlyPart === part));
/**
 * Bit rates of the replay cameras, kbit/s: 720p25 at the camera-sim's own rate, 1080p25 at the
 * top of what a camera's main stream usually sends (the scale section also runs 4 and 18).
 */
const REPLAY_720P_KBPS = 8000;
const REPLAY_1080P_KBPS = 8000;
// --quick (a check that every section runs, under 5 minutes): 720p latency only, H.264 at 4
// sessions, MJPEG at 1, short windows.
const PLAN = quick
  ? {
      latencySeconds: 3,
      sizes: [[1280, 720]],
      h264Counts: [4],
      mjpegCounts: [1],
      scale1080pKbps: [],
      scale1080pSessions: 4,
      scaleSeconds: 3,
      memorySeconds: 30,
      memoryWarmUpSeconds: 10,
      recordSeconds: 8,
      openRepeats: 3,
      motionCostSizes: [[1280, 720]],
      motionCostSeconds: 5,
      motionMovements: 3,
      falseEventSeconds: 45,
    }
  : {
      latencySeconds: 15,
      sizes: [
        [1280, 720],
        [1920, 1080],
      ],
      h264Counts: [1, 4, 8, 16, 32],
      mjpegCounts: [1, 4, 8, 16, 32],
      scale1080pKbps: [4000, 8000, 18000],
      scale1080pSessions: 4,
      scaleSeconds: 10,
      memorySeconds: 600,
      memoryWarmUpSeconds: 60,
      recordSeconds: 20,
      openRepeats: 10,
      motionCostSizes: [
        [1280, 720],
        [1920, 1080],
      ],
      motionCostSeconds: 15,
      motionMovements: 10,
      falseEventSeconds: 600,
    };
const env = { ...process.env, NG_CLI_ANALYTICS: 'false', NX_NO_CLOUD: 'true', NX_DAEMON: 'false' };

function machine() {
  const ffmpeg = spawnSync('ffmpeg', ['-version'], { encoding: 'utf8' }).stdout.split('\n')[0];
  const chromium = spawnSync('/usr/bin/chromium', ['--version'], {
    encoding: 'utf8',
  }).stdout?.trim();
  return {
    cpus: cpus().length,
    cpu: cpus()[0]?.model,
    memory_gb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    ffmpeg,
    chromium,
    load_average_at_start: loadavg().map((l) => Math.round(l * 10) / 10),
  };
}

async function section(results, name, run) {
  const started = Date.now();
  console.log(`bench: ${name}...`);
  try {
    results[name] = await run();
  } catch (error) {
    results[name] = { error: error.stack ?? String(error) };
    console.error(`bench: ${name} failed: ${error.message}`);
  }
  console.log(`bench: ${name} done in ${Math.round((Date.now() - started) / 1000)} s`);
}

async function main() {
  const build = spawnSync(
    'npx',
    ['nx', 'run-many', '-t', 'build', '--projects=api,web,camera-sim'],
    { stdio: 'inherit', env },
  );
  if (build.status !== 0) throw new Error('build failed');
  const startedAt = Date.now();
  const dir = mkdtempSync(join(tmpdir(), 'camrec-bench-'));
  const videosDir = join(dir, 'baseline-videos');
  mkdirSync(videosDir);
  const results = {
    date: new Date().toISOString(),
    command: `npm run bench${quick ? ' -- --quick' : ''}${only ? ` --only ${only}` : ''}`,
    quick,
    plan: PLAN,
    machine: machine(),
  };
  const browser = runs('latency') ? await launchBrowser() : null;
  try {
    // Shared by the latency, scale, open and memory sections.
    const shared = ['latency', 'scale', 'open', 'memory'].some((name) => runs(name));
    const camera720 =
      shared && (await replayCamera(dir, 'h264-720p', 1280, 720, { kbps: REPLAY_720P_KBPS }));
    const mjpeg720 = shared && (await mjpegCamera(dir, 'mjpeg-720p', 1280, 720));
    if (shared) {
      camera720.label = 'H.264 720p25 (replay camera)';
      mjpeg720.label = 'MJPEG 720p25';
    }
    results.latency = {};
    for (const [width, height] of runs('latency') ? PLAN.sizes : []) {
      const size = `${height}p25`;
      await section(results.latency, size, async () => {
        const cameras =
          height === 720
            ? [camera720, mjpeg720]
            : [
                await replayCamera(dir, `h264-${height}p`, width, height, {
                  kbps: REPLAY_1080P_KBPS,
                }),
                await mjpegCamera(dir, `mjpeg-${height}p`, width, height),
              ];
        const server = await startServer();
        try {
          return await measureLatency({
            browser,
            server,
            cameras,
            videosDir,
            seconds: PLAN.latencySeconds,
          });
        } finally {
          await server.stop();
          if (height !== 720) for (const camera of cameras) await stopProcess(camera.child);
        }
      });
    }
    await browser?.close();

    results.scale = {};
    const scaleCameras = [
      { camera: camera720, counts: PLAN.h264Counts },
      { camera: mjpeg720, counts: PLAN.mjpegCounts },
    ];
    for (const { camera, counts } of scaleCameras.filter((c) => runs('scale', c.camera.name))) {
      await section(results.scale, camera.name, async () => {
        const server = await startServer();
        try {
          return await measureScale({
            server,
            camera,
            counts,
            seconds: PLAN.scaleSeconds,
            videosDir,
          });
        } finally {
          await server.stop();
        }
      });
    }
    for (const kbps of PLAN.scale1080pKbps) {
      const name = `h264-1080p-${kbps / 1000}mbps`;
      if (!runs('scale', name)) continue;
      await section(results.scale, name, async () => {
        const camera = await replayCamera(dir, name, 1920, 1080, { kbps });
        const server = await startServer();
        try {
          return await measureScale({
            server,
            camera,
            counts: [PLAN.scale1080pSessions],
            seconds: PLAN.scaleSeconds,
            videosDir,
          });
        } finally {
          await server.stop();
          await stopProcess(camera.child);
        }
      });
    }

    if (runs('open'))
      await section(results, 'open', async () => {
        const live = await liveRtspCamera(1280, 720);
        live.label = 'RTSP H.264 720p25, live encoder (GStreamer), 1 s GOP';
        const server = await startServer();
        try {
          return await measureOpenTimes({
            server,
            cameras: [live, camera720, mjpeg720],
            repeats: PLAN.openRepeats,
          });
        } finally {
          await server.stop();
          await stopProcess(live.child);
        }
      });

    if (runs('motion'))
      await section(results, 'motion', async () => {
        const server = await startServer();
        try {
          return await measureMotion({
            server,
            dir,
            costSizes: PLAN.motionCostSizes,
            costSeconds: PLAN.motionCostSeconds,
            movements: PLAN.motionMovements,
          });
        } finally {
          await server.stop();
        }
      });

    // The false-event run is mostly waiting: it runs beside the memory run, on its own server.
    await Promise.all([
      runs('memory') &&
        section(results, 'memory', async () => {
          const server = await startServer();
          try {
            return await measureMemory({
              server,
              cameras: [camera720, mjpeg720],
              seconds: PLAN.memorySeconds,
              warmUpSeconds: PLAN.memoryWarmUpSeconds,
              recordSeconds: PLAN.recordSeconds,
            });
          } finally {
            await server.stop();
          }
        }),
      runs('motion') &&
        section(results, 'motion_false_events', async () => {
          const server = await startServer();
          try {
            return await measureFalseEvents({ server, dir, seconds: PLAN.falseEventSeconds });
          } finally {
            await server.stop();
          }
        }),
    ]);
  } finally {
    await browser?.close().catch(() => undefined);
    await stopAll();
    rmSync(dir, { recursive: true, force: true });
  }
  results.machine.load_average_at_end = loadavg().map((l) => Math.round(l * 10) / 10);
  results.duration_s = Math.round((Date.now() - startedAt) / 1000);

  mkdirSync('bench-results', { recursive: true });
  const stem = join('bench-results', results.date.replace(/[:.]/g, '-'));
  writeFileSync(`${stem}.json`, JSON.stringify(results, null, 2) + '\n');
  const report = markdownReport(results);
  writeFileSync(`${stem}.md`, report);
  console.log(report);
  console.log(
    `bench: raw results in ${stem}.json, summary in ${stem}.md (${results.duration_s} s)`,
  );
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => stopAll().finally(() => process.exit(130)));
}
try {
  await main();
} finally {
  await stopAll();
}
