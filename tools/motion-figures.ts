// Motion figures for the report: analysis CPU per camera (grey decoder + OpenCV) and the time
// from motion starting in the picture to the `motion` message and to the event record.
// Run: npx ts-node -r tsconfig-paths/register --transpile-only -P apps/api/tsconfig.spec.json tools/motion-figures.ts
import { readFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { motionScene, startMjpegCamera, startRtspCamera, type SimCamera } from '@camrec/camera-sim';
import { ChildProcessRegistry } from '@camrec/media';
import { MotionService } from '../apps/api/src/app/motion/motion.service';
import { startTestApp } from '../apps/api/src/test-support/test-app';

const MOVE_AT_S = 12;
const TOP_BAND = [
  [0, 0],
  [1, 0],
  [1, 0.2],
  [0, 0.2],
];

function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function measure(label: string, start: (log: string) => Promise<SimCamera>, fps: number) {
  const dir = mkdtempSync(join(tmpdir(), 'camrec-figures-'));
  const app = await startTestApp({ videos_dir: join(dir, 'videos') });
  const log = join(dir, 'frames.log');
  const cam = await start(log);
  try {
    const opened = await fetch(`${app.baseUrl}/session/open`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ url: cam.url, motion: { enabled: true, zones_excluded: [TOP_BAND] } }),
    }).then((r) => r.json());
    const id = opened.session_id as string;
    let messageAt = 0;
    const socket = new WebSocket(`${app.wsUrl}/stream?session_id=${id}&format=json`);
    socket.on('message', (data, binary) => {
      if (binary) return;
      const message = JSON.parse(data.toString());
      if (message.type === 'motion' && message.active && !messageAt) messageAt = Date.now();
    });
    const registry = app.app.get(ChildProcessRegistry);
    await new Promise((r) => setTimeout(r, 4000));
    const decoder = registry.list().find((c) => c.name === `motion ${id}`);
    const [d0, n0, t0] = [
      decoder ? cpuSeconds(decoder.pid) : 0,
      cpuSeconds(process.pid),
      Date.now(),
    ];
    await new Promise((r) => setTimeout(r, 5000));
    const elapsed = (Date.now() - t0) / 1000;
    const decoderCpu = decoder ? (cpuSeconds(decoder.pid) - d0) / elapsed : 0;
    const stats = app.app.get(MotionService).analysisStats(id);
    let eventAt = 0;
    while (!eventAt || !messageAt) {
      const { events } = await fetch(`${app.baseUrl}/events?session_id=${id}`).then((r) =>
        r.json(),
      );
      if (events.length && !eventAt) eventAt = Date.now();
      await new Promise((r) => setTimeout(r, 20));
    }
    const moved = readFileSync(log, 'utf8')
      .split('\n')
      .find((l) => l.startsWith(`${MOVE_AT_S * fps} `));
    const movedAt = Number(moved?.split(' ')[1]);
    console.log(
      `${label}: decoder ${(decoderCpu * 100).toFixed(1)} % of a core, OpenCV ${stats?.mean_ms.toFixed(1)} ms per frame ` +
        `(${(((stats?.mean_ms ?? 0) * 5) / 10).toFixed(1)} % of a core at 5 fps), whole server process ` +
        `${(((cpuSeconds(process.pid) - n0) / elapsed) * 100).toFixed(0)} %; motion→message ${messageAt - movedAt} ms, ` +
        `motion→event listed ${eventAt - movedAt} ms`,
    );
    socket.close();
  } finally {
    await app.close();
    await cam.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  for (const [w, h] of [
    [1280, 720],
    [1920, 1080],
  ]) {
    await measure(
      `H.264 ${w}x${h}@25`,
      (log) =>
        startRtspCamera({
          width: w,
          height: h,
          fps: 25,
          gop: 1,
          log,
          scene: motionScene({ width: w, height: h, fps: 25, moveAtS: MOVE_AT_S }),
        }),
      25,
    );
  }
  await measure(
    'MJPEG 1280x720@25',
    (log) =>
      startMjpegCamera({
        width: 1280,
        height: 720,
        fps: 25,
        log,
        scene: motionScene({ width: 1280, height: 720, fps: 25, moveAtS: MOVE_AT_S }),
      }),
    25,
  );
}

void main();
