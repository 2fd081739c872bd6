// The RTSP camera: GStreamer's RTSP server in a Python child process (rtsp_server.py), fed with
// raw frames by the shared renderer, whose stdout is connected to the server's file descriptor
// 3; this process paces them with a byte per frame on the server's stdin.
import { MediaProcess } from '@camrec/process';
import { createInterface } from 'node:readline';
import {
  CameraOptionsError,
  cameraUrls,
  requireOneOf,
  resolveCommonOptions,
  RtspCameraOptions,
  SimCamera,
} from '../camera-options';
import { FrameEmitter } from '../emit/frame-emitter';
import { startPipedFrameEmitter } from '../emit/start-frame-emitter';
import { startSilentCamera } from '../net/silent-camera';
import {
  buildRtspServerArgs,
  buildRtspServerEnv,
  defaultPythonPath,
  locateRtspServerScript,
  parseReadyLine,
  RtspServerConfig,
} from './rtsp-server-args';

/** Frames per second when none is given. */
export const RTSP_DEFAULT_FPS = 25;
const READY_TIMEOUT_MS = 20_000;

export function resolveRtspOptions(options: RtspCameraOptions): RtspServerConfig {
  const config: RtspServerConfig = {
    ...resolveCommonOptions(options, RTSP_DEFAULT_FPS),
    path: options.path ?? '/stream',
    codec: requireOneOf('codec', options.codec ?? 'h264', ['h264', 'h265']),
    profile: requireOneOf('profile', options.profile ?? 'baseline', ['baseline', 'main']),
    audio: requireOneOf('audio', options.audio ?? 'none', ['none', 'aac', 'pcma']),
    gop: options.gop ?? 2,
    transports: requireOneOf('transports', options.transports ?? 'both', ['tcp', 'udp', 'both']),
  };
  if (!/^\/[\w\-./]*$/.test(config.path)) {
    throw new CameraOptionsError(
      `path must start with / and use only [A-Za-z0-9_-./], got ${config.path}`,
    );
  }
  if (!(config.gop > 0 && config.gop <= 60)) {
    throw new CameraOptionsError(
      `gop must be more than 0 and at most 60 seconds, got ${config.gop}`,
    );
  }
  return config;
}

export async function startRtspCamera(options: RtspCameraOptions = {}): Promise<SimCamera> {
  const config = resolveRtspOptions(options);
  if (config.silent) {
    return startSilentCamera('rtsp', config.host, config.port, config.path, config.auth);
  }
  const script = locateRtspServerScript();
  const python = options.pythonPath ?? defaultPythonPath();
  const server = MediaProcess.spawn({
    name: 'RTSP server',
    command: python,
    args: buildRtspServerArgs(script, config, process.pid),
    env: buildRtspServerEnv(config),
    // Ticks go to its stdin; end of input tells it to quit.
    stdinIsInput: true,
    // The renderer's frames.
    pipe3: true,
  });
  const [ready, frames] = await Promise.allSettled([
    waitForReady(server, python),
    startPipedFrameEmitter(config, server, firstFrameArrived(server)),
  ]);
  if (ready.status === 'rejected' || frames.status === 'rejected') {
    if (frames.status === 'fulfilled') await frames.value.stop();
    await server.stop();
    throw ready.status === 'rejected' ? ready.reason : (frames as PromiseRejectedResult).reason;
  }

  const emitter: FrameEmitter = frames.value;
  const port = ready.value;
  // Frames its encoder's queue dropped (see rtsp_server.py's BRANCH_QUEUE), numbered as written.
  createInterface({ input: server.stdout }).on('line', (line) => {
    const dropped = /^DROPPED (\d+) (\d+)$/.exec(line);
    if (dropped) emitter.dropped(Number(dropped[1]), Number(dropped[2]));
  });
  let stopping: Promise<void> | null = null;
  void server.exited.then((exit) => {
    if (!stopping) {
      console.error(
        `camera-sim: RTSP server on port ${port} exited (${exit.signal ?? exit.code}): ${server.stderrTail().join('\n')}`,
      );
    }
  });
  const pids = [emitter.rendererPid, server.pid].filter((pid): pid is number => pid !== undefined);
  return {
    ...cameraUrls('rtsp', config.host, port, config.path, config.auth),
    port,
    stop: () => {
      stopping ??= (async () => {
        await emitter.stop();
        await server.stop();
      })();
      return stopping;
    },
    pids: () => [...pids],
    framesEmitted: () => emitter.framesEmitted,
  };
}

/** Resolves when the server says that the renderer's first frame arrived; rejects if it exits first. */
function firstFrameArrived(server: MediaProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: server.stdout });
    const onLine = (line: string) => {
      if (line !== 'RENDERING') return;
      lines.off('line', onLine);
      resolve();
    };
    lines.on('line', onLine);
    void server.exited.then(() =>
      reject(
        new Error(`RTSP server exited before the first frame: ${server.stderrTail().join('\n')}`),
      ),
    );
  });
}

/**
 * Resolves with the port of a Python RTSP server's READY line (this one's or the replay
 * camera's); rejects, explaining, if it exits first.
 */
export function waitForReady(
  server: MediaProcess,
  python: string,
  what = 'RTSP server',
): Promise<number> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: server.stdout });
    const timer = setTimeout(
      () => done(new Error(`${what} not ready after ${READY_TIMEOUT_MS} ms`)),
      READY_TIMEOUT_MS,
    );
    const onLine = (line: string) => {
      const port = parseReadyLine(line);
      if (port !== null) done(port);
    };
    let settled = false;
    const done = (result: number | Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      lines.off('line', onLine);
      if (result instanceof Error) reject(result);
      else resolve(result);
    };
    lines.on('line', onLine);
    // `exited` comes after stdout and stderr have ended, so the explanation is complete.
    void server.exited.then((exit) =>
      done(
        new Error(
          exit.spawnError
            ? `cannot run ${python} for the ${what}: ${exit.spawnError.message}`
            : `${what} exited before it was ready (${exit.signal ?? exit.code}): ${server.stderrTail().join('\n')}`,
        ),
      ),
    );
  });
}
