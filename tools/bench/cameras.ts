// The simulated cameras of a bench run, each with its frame log.
import { join } from 'node:path';
import { FrameLog } from './frame-log';
import { type PipedChild, startCamera } from './processes';

/** Replay loops of 10 s with a 1 s GOP: the bar shows the frame's position in the loop. */
const LOOP_SECONDS = 10;
const GOP_SECONDS = 1;
const LIVE_BAR_MODULO = 65536;

export type CameraKind = 'h264' | 'mjpeg';

/** A simulated camera the bench reads (replay H.264 or MJPEG), with its frame log. */
export interface BenchCamera {
  kind: CameraKind;
  name: string;
  url: string;
  child: PipedChild;
  width: number;
  height: number;
  fps: number;
  /** The replay camera's bit rate; undefined for MJPEG. */
  kbps?: number;
  log: FrameLog;
  /** How the tables name it. */
  label?: string;
}

/** A camera whose open time is measured. */
export interface OpenableCamera {
  kind: string;
  url: string;
  label?: string;
}

/** H.264 RTSP camera that replays a pre-encoded loop (no encoding per frame or per reader). */
export async function replayCamera(
  dir: string,
  name: string,
  width: number,
  height: number,
  { kbps, fps = 25 }: { kbps: number; fps?: number },
): Promise<BenchCamera> {
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
export async function mjpegCamera(
  dir: string,
  name: string,
  width: number,
  height: number,
  fps = 25,
): Promise<BenchCamera> {
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
export async function liveRtspCamera(
  width: number,
  height: number,
): Promise<OpenableCamera & { child: PipedChild }> {
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
export function sessionUrl(camera: { url: string }, k: number): string {
  return `${camera.url}?bench=${k}`;
}
