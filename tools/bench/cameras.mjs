// The simulated cameras of a bench run, each with its frame log.
import { join } from 'node:path';
import { FrameLog } from './frame-log.mjs';
import { startCamera } from './processes.mjs';

/** Replay loops of 10 s with a 1 s GOP: the bar shows the frame's position in the loop. */
const LOOP_SECONDS = 10;
const GOP_SECONDS = 1;
const LIVE_BAR_MODULO = 65536;

/** H.264 RTSP camera that replays a pre-encoded loop (no encoding per frame or per reader). */
export async function replayCamera(dir, name, width, height, { kbps, fps = 25 }) {
  if (!(kbps > 0)) throw new Error(`replayCamera ${name}: give its bit rate in kbit/s`);
  const log = join(dir, `${name}.log`);
  const { child, url } = await startCamera([
    'replay',
    ...['--size', `${width}x${height}`, '--fps', String(fps), '--gop', String(GOP_SECONDS)],
    ...['--loop', String(LOOP_SECONDS), '--log', log],
    ...['--kbps', String(kbps)],
  ]);
  return {
    kind: 'h264',
    name,
    url,
    child,
    width,
    height,
    fps,
    kbps,
    log: new FrameLog(log, LOOP_SECONDS * fps),
  };
}

/** MJPEG camera: one renderer shared by every client, so a reader costs a socket write. */
export async function mjpegCamera(dir, name, width, height, fps = 25) {
  const log = join(dir, `${name}.log`);
  const { child, url } = await startCamera([
    'mjpeg',
    ...['--size', `${width}x${height}`, '--fps', String(fps), '--log', log],
  ]);
  return {
    kind: 'mjpeg',
    name,
    url,
    child,
    width,
    height,
    fps,
    log: new FrameLog(log, LIVE_BAR_MODULO),
  };
}

/** The GStreamer simulator that encodes live (what a real camera does), for open times. */
export async function liveRtspCamera(width, height) {
  const { child, url } = await startCamera([
    'rtsp',
    '--size',
    `${width}x${height}`,
    '--gop',
    String(GOP_SECONDS),
  ]);
  return { kind: 'rtsp-live', url, child };
}

/** A distinct URL per session on one camera (the server keeps one session per URL). */
export function sessionUrl(camera, k) {
  return `${camera.url}?bench=${k}`;
}
