// The replay camera: an RTSP camera that sends a pre-encoded H.264 loop with fresh timestamps
// and never encodes while running, so that serving 32 clients costs it almost nothing. It is
// the camera for scale benchmarks; the live simulator (rtsp-camera.ts) re-encodes and, on a
// small machine, runs out of CPU before the server under test does.
import { MediaProcess } from '@camrec/process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  CameraOptionsError,
  cameraUrls,
  CommonCameraOptions,
  resolveCommonOptions,
  SimCamera,
} from '../camera-options';
import { FrameLog } from '../emit/frame-log';
import { frameIntervalMs, nextDueMs } from '../emit/frame-schedule';
import { waitForReady } from '../rtsp/rtsp-camera';
import { defaultPythonPath } from '../rtsp/rtsp-server-args';
import { encodeH264Loop, H264Loop } from './h264-loop';
import { locateScript } from './locate-script';

export interface ReplayCameraOptions extends Omit<
  CommonCameraOptions,
  'auth' | 'dropAfterFrames' | 'silent' | 'vfr'
> {
  /** Mount path; default `/stream`. */
  path?: string;
  /** Keyframe interval in seconds; default 1. */
  gop?: number;
  /** Length of the loop in seconds (whole GOPs); default 10. The bar shows the position in it. */
  loopSeconds?: number;
  /**
   * Video bit rate in kbit/s; default the live simulator's, 2 Mbit/s for 640x360 at 25 fps in
   * proportion to the pixel rate (8 Mbit/s at 720p25, 18 at 1080p25).
   */
  kbps?: number;
  pythonPath?: string;
}

export interface ReplayCamera extends SimCamera {
  /** Frames in the loop: frame n of the log shows `n % loopFrames` in its bar. */
  loopFrames: number;
}

/** Bytes allowed to wait in the pipe to the server before units are skipped to a keyframe. */
const MAX_QUEUED_BYTES = 4 << 20;

export async function startReplayCamera(options: ReplayCameraOptions = {}): Promise<ReplayCamera> {
  const common = resolveCommonOptions(options, 25);
  const path = options.path ?? '/stream';
  const gop = options.gop ?? 1;
  const loopSeconds = options.loopSeconds ?? 10;
  if (!/^\/[\w\-./]*$/.test(path)) {
    throw new CameraOptionsError(
      `path must start with / and use only [A-Za-z0-9_-./], got ${path}`,
    );
  }
  const gopFrames = Math.round(gop * common.fps);
  if (!(gopFrames >= 1 && gop <= 60)) {
    throw new CameraOptionsError(`gop must be at least one frame and at most 60 s, got ${gop}`);
  }
  if (!(loopSeconds >= gop && loopSeconds <= 600)) {
    throw new CameraOptionsError(`loopSeconds must be from the GOP to 600, got ${loopSeconds}`);
  }
  const kbps =
    options.kbps ??
    Math.round((2000 * common.width * common.height * common.fps) / (640 * 360 * 25));
  if (!(kbps >= 50 && kbps <= 100_000)) {
    throw new CameraOptionsError(`kbps must be from 50 to 100000, got ${kbps}`);
  }
  const loopFrames = Math.ceil((loopSeconds * common.fps) / gopFrames) * gopFrames;
  const dir = mkdtempSync(join(tmpdir(), 'camera-sim-replay-'));
  let loop: H264Loop;
  try {
    loop = await encodeH264Loop(
      {
        ffmpegPath: common.ffmpegPath,
        width: common.width,
        height: common.height,
        fps: common.fps,
        gopFrames,
        frames: loopFrames,
        bitrate: kbps * 1000,
      },
      join(dir, 'loop.h264'),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const python = options.pythonPath ?? defaultPythonPath();
  const args = [
    '-u',
    locateScript('replay_server.py'),
    '--host',
    common.host,
    '--port',
    String(common.port),
    '--path',
    path,
    '--parent-pid',
    String(process.pid),
  ];
  // Access units go to its stdin; end of input tells it to quit.
  const server = MediaProcess.spawn({ name: 'replay server', command: python, args, stdinIsInput: true }); // prettier-ignore
  let port: number;
  try {
    port = await waitForReady(server, python, 'replay server');
  } catch (error) {
    await server.stop();
    throw error;
  }

  const log = common.log ? new FrameLog(common.log) : null;
  const pacer = new UnitPacer(loop, common.fps, (unit, index) => {
    if (server.stdin.destroyed || server.stdin.writableLength > MAX_QUEUED_BYTES) return false;
    const header = Buffer.alloc(4);
    header.writeUInt32BE(unit.length);
    server.stdin.write(Buffer.concat([header, unit]));
    log?.write(index, Date.now());
    return true;
  });
  let stopping: Promise<void> | null = null;
  void server.exited.then((exit) => {
    if (!stopping) {
      console.error(
        `camera-sim: replay server exited (${exit.signal ?? exit.code}): ${server.stderrTail().join('\n')}`,
      );
    }
  });
  return {
    ...cameraUrls('rtsp', common.host, port, path, undefined),
    port,
    loopFrames,
    stop: () => {
      stopping ??= (async () => {
        await pacer.stop();
        await server.stop();
        await log?.close();
      })();
      return stopping;
    },
    pids: () => (server.pid === undefined ? [] : [server.pid]),
    framesEmitted: () => pacer.sent,
  };
}

/**
 * Hands out the loop's units at the frame rate. A unit the transport refuses (pipe full) is
 * skipped together with everything up to the next keyframe, since later pictures refer to it.
 */
class UnitPacer {
  sent = 0;
  private running = true;
  private timer: NodeJS.Timeout | null = null;
  private readonly done: Promise<void>;
  private finish: () => void = () => undefined;

  constructor(
    private readonly loop: H264Loop,
    private readonly fps: number,
    private readonly send: (unit: Buffer, index: number) => boolean,
  ) {
    this.done = new Promise((resolve) => (this.finish = resolve));
    this.tick(0, performance.now(), false);
  }

  private tick(index: number, due: number, skipping: boolean): void {
    if (!this.running) return this.finish();
    const position = index % this.loop.units.length;
    let skip = skipping && !this.loop.keyframes[position];
    if (!skip) {
      skip = !this.send(this.loop.units[position], index);
      if (!skip) this.sent++;
    }
    const next = nextDueMs(due, performance.now(), frameIntervalMs(index, this.fps, false));
    this.timer = setTimeout(
      () => this.tick(index + 1, next, skip),
      Math.max(0, next - performance.now()),
    );
  }

  stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.finish();
    return this.done;
  }
}
