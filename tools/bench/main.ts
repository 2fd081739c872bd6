// `npm run bench` (full, ~1 hour) and `npm run bench -- --quick` (a few minutes): measures the
// production build against simulated cameras on 127.0.0.1, beside a baseline harness of the
// original design on the same cameras, and writes bench-results/<timestamp>.json plus a
// Markdown summary (bench-results/<timestamp>.md) in the form BENCHMARKS.md uses.
// Every loop is bounded in count and time; every process started here is stopped at the end.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { launchBrowser } from './browser';
import { type BenchCamera, liveRtspCamera, mjpegCamera, replayCamera } from './cameras';
import { measureLatency } from './latency';
import { measureMemory } from './memory';
import { measureFalseEvents, measureMotion } from './motion';
import { measureOpenTimes } from './open-time';
import { parseRunOptions, planFor, type RunOptions } from './plan';
import { startServer, stopAll, stopProcess } from './processes';
import { runRecorder } from './recorder/recorder';
import { measureRtspHop } from './rtsp-hop';
import { markdownReport } from './report';
import type { BenchResults, MachineInfo } from './results';
import { measureScale } from './scale';
import { section } from './section';

/**
 * Bit rates of the replay cameras, kbit/s: 720p25 at the camera-sim's own rate, 1080p25 at the
 * top of what a camera's main stream usually sends (the scale section also runs 4 and 18).
 */
const REPLAY_720P_KBPS = 8000;
const REPLAY_1080P_KBPS = 8000;
const env = { ...process.env, NG_CLI_ANALYTICS: 'false', NX_NO_CLOUD: 'true', NX_DAEMON: 'false' };

const tenths = (values: number[]) => values.map((l) => Math.round(l * 10) / 10);

function machine(): MachineInfo {
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
    load_average_at_start: tenths(loadavg()),
  };
}

/** The server, the dashboard, the camera simulator and the bench's BASELINE harness. */
function build(): void {
  const projects = '--projects=api,web,camera-sim,bench';
  const built = spawnSync('npx', ['nx', 'run-many', '-t', 'build', projects], {
    stdio: 'inherit',
    env,
  });
  if (built.status !== 0) throw new Error('build failed');
}

/** The sections `options` asks for, on cameras started in `dir`, into `results`. */
async function measure(options: RunOptions, results: BenchResults, dir: string): Promise<void> {
  const { runs } = options;
  const plan = results.plan;
  const videosDir = join(dir, 'baseline-videos');
  mkdirSync(videosDir);
  const browser = runs('latency') ? await launchBrowser() : null;
  try {
    // Shared by the latency, scale, open and memory sections.
    const shared = (['latency', 'scale', 'open', 'memory'] as const).some((name) => runs(name));
    let camera720: BenchCamera | null = null;
    let mjpeg720: BenchCamera | null = null;
    if (shared) {
      camera720 = await replayCamera(dir, 'h264-720p', 1280, 720, { kbps: REPLAY_720P_KBPS });
      mjpeg720 = await mjpegCamera(dir, 'mjpeg-720p', 1280, 720);
      camera720.label = 'H.264 720p25 (replay camera)';
      mjpeg720.label = 'MJPEG 720p25';
    }
    if (browser && camera720 && mjpeg720) {
      const cameras720 = [camera720, mjpeg720];
      for (const [width, height] of plan.sizes) {
        const size = `${height}p25`;
        await section(results.latency, size, async () => {
          const cameras =
            height === 720
              ? cameras720
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
              seconds: plan.latencySeconds,
            });
          } finally {
            await server.stop();
            if (height !== 720) for (const camera of cameras) await stopProcess(camera.child);
          }
        });
      }
    }
    await browser?.close();

    const scaleCameras = [
      { camera: camera720, counts: plan.h264Counts },
      { camera: mjpeg720, counts: plan.mjpegCounts },
    ];
    for (const { camera, counts } of scaleCameras) {
      if (!camera || !runs('scale', camera.name)) continue;
      const scaled = camera;
      await section(results.scale, scaled.name, async () => {
        const server = await startServer();
        try {
          return await measureScale({
            server,
            camera: scaled,
            counts,
            seconds: plan.scaleSeconds,
            videosDir,
          });
        } finally {
          await server.stop();
        }
      });
    }
    for (const kbps of plan.scale1080pKbps) {
      const name = `h264-1080p-${kbps / 1000}mbps`;
      if (!runs('scale', name)) continue;
      await section(results.scale, name, async () => {
        const camera = await replayCamera(dir, name, 1920, 1080, { kbps });
        const server = await startServer();
        try {
          return await measureScale({
            server,
            camera,
            counts: [plan.scale1080pSessions],
            seconds: plan.scaleSeconds,
            videosDir,
          });
        } finally {
          await server.stop();
          await stopProcess(camera.child);
        }
      });
    }

    if (runs('open') && camera720 && mjpeg720) {
      const openCameras = [camera720, mjpeg720];
      await section(results, 'open', async () => {
        const live = await liveRtspCamera(1280, 720);
        live.label = 'RTSP H.264 720p25, live encoder (GStreamer), 1 s GOP';
        const server = await startServer();
        try {
          return await measureOpenTimes({
            server,
            cameras: [live, ...openCameras],
            repeats: plan.openRepeats,
          });
        } finally {
          await server.stop();
          await stopProcess(live.child);
        }
      });
    }

    // The one RTSP hop between ffmpeg and a camera: plain, and with credentials (Digest).
    if (runs('hop')) {
      const hop: NonNullable<BenchResults['hop']> = (results.hop = {});
      for (const [part, digest] of [
        ['plain', false],
        ['digest', true],
      ] as const) {
        if (!runs('hop', part)) continue;
        await section(hop, part, async () => {
          const server = await startServer();
          try {
            return await measureRtspHop({
              server,
              width: 1280,
              height: 720,
              counts: plan.hopCounts,
              seconds: plan.hopSeconds,
              digest,
            });
          } finally {
            await server.stop();
          }
        });
      }
    }

    if (runs('recorder')) {
      results.recorder = {};
      await runRecorder({ results: results.recorder, plan, dir, runs, sharedMjpeg: mjpeg720 });
    }

    if (runs('motion'))
      await section(results, 'motion', async () => {
        const server = await startServer();
        try {
          return await measureMotion({
            server,
            dir,
            costSizes: plan.motionCostSizes,
            costSeconds: plan.motionCostSeconds,
            movements: plan.motionMovements,
          });
        } finally {
          await server.stop();
        }
      });

    // The false-event run is mostly waiting: it runs beside the memory run, on its own server.
    const memoryCameras = camera720 && mjpeg720 ? [camera720, mjpeg720] : null;
    await Promise.all([
      runs('memory') &&
        memoryCameras &&
        section(results, 'memory', async () => {
          const server = await startServer();
          try {
            return await measureMemory({
              server,
              cameras: memoryCameras,
              seconds: plan.memorySeconds,
              warmUpSeconds: plan.memoryWarmUpSeconds,
              recordSeconds: plan.recordSeconds,
            });
          } finally {
            await server.stop();
          }
        }),
      runs('motion') &&
        section(results, 'motion_false_events', async () => {
          const server = await startServer();
          try {
            return await measureFalseEvents({ server, dir, seconds: plan.falseEventSeconds });
          } finally {
            await server.stop();
          }
        }),
    ]);
  } finally {
    await browser?.close().catch(() => undefined);
  }
}

async function main(options: RunOptions): Promise<void> {
  build();
  const startedAt = Date.now();
  const dir = mkdtempSync(join(tmpdir(), 'camrec-bench-'));
  const { quick, only } = options;
  const results: BenchResults = {
    date: new Date().toISOString(),
    command: `npm run bench${quick ? ' -- --quick' : ''}${only ? ` --only ${only}` : ''}`,
    quick,
    plan: planFor(quick),
    machine: machine(),
    latency: {},
    scale: {},
  };
  try {
    await measure(options, results, dir);
  } finally {
    await stopAll();
    rmSync(dir, { recursive: true, force: true });
  }
  results.machine.load_average_at_end = tenths(loadavg());
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

const options = parseRunOptions(process.argv.slice(2));
if ('help' in options) {
  console.log(options.help);
  process.exit(0);
}
if ('usage' in options) {
  console.error(options.usage);
  process.exit(2);
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => void stopAll().finally(() => process.exit(130)));
}
void main(options).then(
  () => stopAll(),
  async (error: Error) => {
    await stopAll();
    console.error(error.stack ?? error.message);
    process.exitCode = 1;
  },
);
