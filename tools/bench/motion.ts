// Motion figures on simulated cameras drawing camera-sim's motion scene (a still, noisy
// picture; a box that moves at known seconds; optionally a slow brightness ramp):
// - analysis cost: the server tree's CPU with motion on minus off (same session, camera and
//   window length), the grey decoder child's own CPU, and the server process's own extra CPU
//   (OpenCV and the event logic) per analysed frame;
// - a scripted sequence of movements: time from the first moved frame (camera frame log) to
//   the `motion` message (active) and to the event listed by `GET /events`; missed and extra
//   events;
// - false events over a still scene with noise and a brightness ramp.
import { join } from 'node:path';
import type {
  HealthResponse,
  MotionEvent,
  MotionEventListResponse,
  MotionSettingsRequest,
  StreamMotionMessage,
} from '@camrec/shared-types';
import type { CameraKind } from './cameras';
import { closeSession, getJson, openSession, viewer, type Viewer } from './clients';
import { FrameLog } from './frame-log';
import { descendantsMatching, ownCpuS, treeUsage, usageBetween } from './proc';
import { type PipedChild, startCamera, stopProcess } from './processes';
import type { LaunchedServer } from '@camrec/testing';
import type {
  DelayStat,
  FalseEventsResult,
  MotionCost,
  MotionResult,
  MotionSequence,
  Skipped,
} from './results';
import { median, round, sleep } from './stats';

const FPS = 25;
/** The rate the server analyses at (libs/motion ANALYSIS_FPS). */
const ANALYSIS_FPS = 5;
/** The grey decoder child of a session with motion on (libs/motion grey-decoder-args). */
const GREY_DECODER = /scale=\d+:\d+:flags=area,format=gray/;
/** The frame-index bar and the clock change every frame: the dashboard user would exclude them. */
const TOP_BAND: [number, number][] = [
  [0, 0],
  [1, 0],
  [1, 0.2],
  [0, 0.2],
];
/** Each movement lasts 2 s (the scene's default); events end POST_ROLL_S after it. */
const MOVE_FOR_S = 2;
const POST_ROLL_S = 3;
/** Movement starts this far apart: 8 s of still picture between them, more than the post-roll. */
const MOVE_EVERY_S = 10;
/** Time for the session to open and the analysis to learn the background first. */
const FIRST_MOVE_S = 15;
/** Events polled this often, so "listed" times are ±50 ms. */
const EVENTS_POLL_MS = 100;
/** Brightness ramp of the false-event scene: +0.3 of eq's −1…1 range after 10 minutes. */
export const BRIGHTNESS_PER_S = 0.0005;

const settings = (extra: Partial<MotionSettingsRequest> = {}): MotionSettingsRequest => ({
  enabled: true,
  zones_excluded: [TOP_BAND],
  ...extra,
});

/** Null when the server can analyse motion, else why not (OpenCV binding missing, …). */
async function unavailable(server: LaunchedServer): Promise<string | null> {
  const health = await getJson<Partial<HealthResponse>>(server.baseUrl, '/health');
  if (health.motion?.available) return null;
  return `motion unavailable on this server: ${health.motion?.reason ?? 'no motion in /health'}`;
}

async function putMotion(
  server: LaunchedServer,
  sessionId: string,
  body: MotionSettingsRequest,
): Promise<void> {
  const response = await fetch(`${server.baseUrl}/session/${sessionId}/motion`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', origin: server.baseUrl },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`PUT motion: ${response.status} ${await response.text()}`);
}

async function listEvents(server: LaunchedServer, sessionId: string): Promise<MotionEvent[]> {
  const path = `/events?session_id=${sessionId}&limit=1000`;
  return (await getJson<MotionEventListResponse>(server.baseUrl, path)).events;
}

interface MotionCamera {
  kind: CameraKind;
  name: string;
  label: string;
  url: string;
  child: PipedChild;
  log: FrameLog;
}

/** A camera-sim camera drawing the motion scene, with its frame log. */
async function motionCamera(
  dir: string,
  name: string,
  kind: CameraKind,
  width: number,
  height: number,
  sceneArgs: string[],
): Promise<MotionCamera> {
  const log = join(dir, `${name}.log`);
  const { child, url } = await startCamera([
    kind === 'mjpeg' ? 'mjpeg' : 'rtsp',
    ...['--size', `${width}x${height}`, '--fps', String(FPS), '--log', log],
    ...(kind === 'mjpeg' ? [] : ['--gop', '1']),
    ...['--scene', 'motion', ...sceneArgs],
  ]);
  const label = `${kind === 'mjpeg' ? 'MJPEG' : 'H.264'} ${height}p${FPS}`;
  return { kind, name, label, url, child, log: new FrameLog(log, Number.MAX_SAFE_INTEGER) };
}

/** A viewer of the session (as the dashboard has one), noting when `motion` turns active. */
function motionViewer(
  server: LaunchedServer,
  sessionId: string,
  kind: CameraKind,
): Viewer & { activeAt: number[] } {
  const watcher = viewer(server.baseUrl, sessionId, kind === 'mjpeg' ? 'jpeg' : 'mse');
  const activeAt: number[] = [];
  let active = false;
  watcher.socket.on('message', (data: Buffer, isBinary) => {
    if (isBinary) return;
    const message = JSON.parse(data.toString()) as Partial<StreamMotionMessage>;
    if (message.type !== 'motion') return;
    if (message.active && !active) activeAt.push(Date.now());
    active = message.active ?? false;
  });
  return { ...watcher, activeAt };
}

interface CpuWindow {
  tree_cpu_percent: number;
  server_process_cpu_percent: number | null;
  decoder_cpu_percent: number | null;
  decoders: number;
}

/** CPU of the server tree, of the server process alone and of the grey decoder over a window. */
async function cpuWindow(server: LaunchedServer, seconds: number): Promise<CpuWindow> {
  const decoders = () => descendantsMatching(server.pid, GREY_DECODER);
  const decoderCpu = (pids: number[]) => pids.reduce((sum, pid) => sum + ownCpuS(pid), 0);
  const pids = decoders();
  const before = {
    tree: treeUsage(server.pid),
    own: ownCpuS(server.pid),
    decoder: decoderCpu(pids),
  };
  const started = Date.now();
  await sleep(seconds * 1000);
  const elapsed = (Date.now() - started) / 1000;
  if (decoders().join() !== pids.join()) throw new Error('the grey decoder restarted mid-window');
  const percent = (cpuS: number) => round((cpuS / elapsed) * 100);
  return {
    tree_cpu_percent: usageBetween(before.tree, treeUsage(server.pid), elapsed).cpu_percent,
    server_process_cpu_percent: percent(ownCpuS(server.pid) - before.own),
    decoder_cpu_percent: pids.length ? percent(decoderCpu(pids) - before.decoder) : null,
    decoders: pids.length,
  };
}

/** One session on a still scene: a window with motion off, then the same with it on. */
async function analysisCost({
  server,
  camera,
  seconds,
}: {
  server: LaunchedServer;
  camera: MotionCamera;
  seconds: number;
}): Promise<MotionCost> {
  const { id } = await openSession(server.baseUrl, camera.url, `${camera.name}-cost`);
  const watcher = motionViewer(server, id, camera.kind);
  try {
    await watcher.opened;
    await sleep(3000);
    const off = await cpuWindow(server, seconds);
    await putMotion(server, id, settings());
    await sleep(3000);
    const on = await cpuWindow(server, seconds);
    const extraServerCpu =
      (on.server_process_cpu_percent ?? 0) - (off.server_process_cpu_percent ?? 0);
    return {
      camera: camera.label,
      seconds,
      tree_cpu_percent_off: off.tree_cpu_percent,
      tree_cpu_percent_on: on.tree_cpu_percent,
      analysis_cpu_percent: round(on.tree_cpu_percent - off.tree_cpu_percent),
      decoder_cpu_percent: on.decoder_cpu_percent,
      server_process_extra_cpu_percent: round(extraServerCpu),
      // % of a core over ANALYSIS_FPS frames a second = 10 × % / fps ms per frame.
      server_ms_per_analysed_frame: round((extraServerCpu * 10) / ANALYSIS_FPS),
    };
  } finally {
    watcher.close();
    await closeSession(server.baseUrl, id);
  }
}

/**
 * Movements at FIRST_MOVE_S + k × MOVE_EVERY_S: for each, the first frame showing the box
 * moved (from the frame log) against the first active `motion` message and the first newly
 * listed event after it; an event is matched to the movement in whose time slot it started.
 */
async function movementSequence({
  server,
  dir,
  movements,
}: {
  server: LaunchedServer;
  dir: string;
  movements: number;
}): Promise<MotionSequence> {
  const moves = Array.from({ length: movements }, (_, k) => FIRST_MOVE_S + k * MOVE_EVERY_S);
  const camera = await motionCamera(dir, 'motion-sequence', 'h264', 1280, 720, [
    '--move-at',
    moves.join(','),
  ]);
  try {
    const { id } = await openSession(server.baseUrl, camera.url, 'motion-sequence');
    await putMotion(server, id, settings({ post_roll_s: POST_ROLL_S }));
    const watcher = motionViewer(server, id, camera.kind);
    const listed = new Map<string, MotionEvent & { listedAt: number }>();
    try {
      await watcher.opened;
      const endS = (moves.at(-1) ?? 0) + MOVE_FOR_S + POST_ROLL_S + 3;
      const deadline = Date.now() + (endS + 60) * 1000;
      while (camera.log.load().sentAt(Math.round(endS * FPS), Infinity) === null) {
        if (Date.now() > deadline) throw new Error(`the camera did not reach second ${endS}`);
        for (const event of await listEvents(server, id))
          if (!listed.has(event.id)) listed.set(event.id, { ...event, listedAt: Date.now() });
        await sleep(EVENTS_POLL_MS);
      }
    } finally {
      watcher.close();
      await closeSession(server.baseUrl, id);
    }
    const events = [...listed.values()].map((e) => ({ ...e, startedAt: Date.parse(e.started_at) }));
    const matched = new Set<string>();
    const rows = moves.map((s) => {
      // Frame s × FPS still shows the box where it stood; the next one shows it moved.
      const movedAt = camera.log.sentAt(Math.round(s * FPS) + 1, Infinity);
      if (movedAt === null) throw new Error(`frame of second ${s} missing from the frame log`);
      const slotEnd = movedAt + MOVE_EVERY_S * 1000 - 1000;
      const inSlot = (t: number) => t >= movedAt - 1000 && t < slotEnd;
      const messageAt = watcher.activeAt.find(inSlot);
      const event = events.find((e) => !matched.has(e.id) && inSlot(e.startedAt));
      if (event) matched.add(event.id);
      return {
        move_at_s: s,
        message_ms: messageAt === undefined ? null : messageAt - movedAt,
        event_listed_ms: event ? event.listedAt - movedAt : null,
      };
    });
    const stat = (values: number[]): DelayStat => ({
      median: values.length ? round(median(values), 0) : null,
      max: values.length ? Math.max(...values) : null,
      n: values.length,
    });
    const present = (values: (number | null)[]) => values.filter((v): v is number => v !== null);
    return {
      camera: `${camera.label}, motion scene, box moving ${MOVE_FOR_S} s from each of the listed seconds`,
      movements,
      post_roll_s: POST_ROLL_S,
      record: false,
      events_poll_ms: EVENTS_POLL_MS,
      motion_to_message_ms: stat(present(rows.map((r) => r.message_ms))),
      motion_to_event_listed_ms: stat(present(rows.map((r) => r.event_listed_ms))),
      missed_events: rows.filter((r) => r.event_listed_ms === null).length,
      extra_events: events.length - matched.size,
      rows,
    };
  } finally {
    await stopProcess(camera.child);
  }
}

/** Analysis cost per camera, then the movement sequence; `{skipped}` without OpenCV. */
export async function measureMotion({
  server,
  dir,
  costSizes,
  costSeconds,
  movements,
}: {
  server: LaunchedServer;
  dir: string;
  costSizes: [number, number][];
  costSeconds: number;
  movements: number;
}): Promise<MotionResult | Skipped> {
  const reason = await unavailable(server);
  if (reason) return { skipped: reason };
  const cost: MotionCost[] = [];
  for (const [width, height] of costSizes) {
    for (const kind of ['h264', 'mjpeg'] as const) {
      const camera = await motionCamera(dir, `motion-${kind}-${height}p`, kind, width, height, []);
      try {
        cost.push(await analysisCost({ server, camera, seconds: costSeconds }));
      } finally {
        await stopProcess(camera.child);
      }
    }
  }
  return { cost, sequence: await movementSequence({ server, dir, movements }) };
}

/**
 * One H.264 720p25 session with motion on over a still scene with camera noise and a
 * brightness ramp of BRIGHTNESS_PER_S: every event is a false one.
 */
export async function measureFalseEvents({
  server,
  dir,
  seconds,
}: {
  server: LaunchedServer;
  dir: string;
  seconds: number;
}): Promise<FalseEventsResult | Skipped> {
  const reason = await unavailable(server);
  if (reason) return { skipped: reason };
  const camera = await motionCamera(dir, 'motion-still', 'h264', 1280, 720, [
    '--brightness-per-s',
    String(BRIGHTNESS_PER_S),
  ]);
  try {
    const { id } = await openSession(server.baseUrl, camera.url, 'motion-still');
    try {
      await putMotion(server, id, settings({ post_roll_s: POST_ROLL_S }));
      const watcher = motionViewer(server, id, camera.kind);
      await watcher.opened;
      const started = Date.now();
      await sleep(seconds * 1000);
      watcher.close();
      const events = await listEvents(server, id);
      const firstSent = camera.log.load().sentAt(0, Infinity);
      const sceneSeconds = firstSent === null ? null : (Date.now() - firstSent) / 1000;
      return {
        camera: `${camera.label}, still motion scene with noise`,
        seconds: round((Date.now() - started) / 1000, 0),
        brightness_per_s: BRIGHTNESS_PER_S,
        brightness_at_end: sceneSeconds === null ? null : round(BRIGHTNESS_PER_S * sceneSeconds, 3),
        false_events: events.length,
        active_periods: watcher.activeAt.length,
      };
    } finally {
      await closeSession(server.baseUrl, id);
    }
  } finally {
    await stopProcess(camera.child);
  }
}
