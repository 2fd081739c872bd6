// The MJPEG-over-HTTP camera: `GET /mjpeg` (or `/`) streams multipart JPEG to any number of
// viewers from one shared renderer, `GET /snapshot.jpg` returns the latest frame.
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import {
  cameraUrls,
  MjpegCameraOptions,
  requireInteger,
  resolveCommonOptions,
  SimCamera,
} from '../camera-options';
import { startJpegFrameEmitter } from '../emit/start-frame-emitter';
import { startSilentCamera } from '../net/silent-camera';
import { closeServer, listen } from '../net/tcp-listen';
import { jpegQualityToQscale } from '../render/render-args';
import { HttpAuthenticator } from './http-auth';
import { MJPEG_CONTENT_TYPE, MjpegClients } from './mjpeg-clients';

/** Frames per second when none is given. */
export const MJPEG_DEFAULT_FPS = 10;
const STREAM_PATHS = new Set(['/', '/mjpeg']);
const SNAPSHOT_PATH = '/snapshot.jpg';

export interface MjpegSimCamera extends SimCamera {
  /** Frames skipped for viewers still busy with the previous one, since the start. */
  framesSkippedForViewers(): number;
}

export async function startMjpegCamera(options: MjpegCameraOptions = {}): Promise<MjpegSimCamera> {
  const config = resolveCommonOptions(options, MJPEG_DEFAULT_FPS);
  const quality = options.quality ?? 80;
  requireInteger('quality', quality, 1, 100);
  if (config.silent) {
    const silent = await startSilentCamera('http', config.host, config.port, '/mjpeg', config.auth);
    return { ...silent, framesSkippedForViewers: () => 0 };
  }

  const clients = new MjpegClients(config.dropAfterFrames);
  let latest: Buffer = Buffer.alloc(0);
  const emitter = await startJpegFrameEmitter(config, jpegQualityToQscale(quality), (jpeg) => {
    latest = jpeg;
    clients.broadcast(jpeg);
  });

  const authenticator = config.auth ? new HttpAuthenticator(config.auth) : null;
  const server = createServer((req, res) => {
    const authorization = req.headers.authorization;
    if (authenticator && !authenticator.verify(req.method ?? '', req.url ?? '', authorization)) {
      const challenge = { 'WWW-Authenticate': authenticator.challenge() };
      return answer(res, 401, 'authentication required', challenge);
    }
    serve(req, res, clients, latest);
  });
  let port: number;
  try {
    port = await listen(server, config.port, config.host);
  } catch (error) {
    await emitter.stop();
    throw error;
  }

  const pid = emitter.rendererPid;
  let stopping: Promise<void> | null = null;
  const stopHttp = async () => {
    clients.closeAll();
    server.closeAllConnections();
    await closeServer(server);
  };
  return {
    ...cameraUrls('http', config.host, port, '/mjpeg', config.auth),
    port,
    stop: () => {
      stopping ??= Promise.all([stopHttp(), emitter.stop()]).then(() => undefined);
      return stopping;
    },
    pids: () => (pid === undefined ? [] : [pid]),
    framesEmitted: () => emitter.framesEmitted,
    framesSkippedForViewers: () => clients.framesSkipped,
  };
}

function serve(req: IncomingMessage, res: ServerResponse, clients: MjpegClients, latest: Buffer) {
  const path = new URL(req.url ?? '/', 'http://camera').pathname;
  if (req.method !== 'GET' && req.method !== 'HEAD') return answer(res, 405, 'method not allowed');
  if (STREAM_PATHS.has(path)) {
    if (req.method === 'GET') return clients.add(res);
    res.writeHead(200, { 'Content-Type': MJPEG_CONTENT_TYPE });
    return res.end();
  }
  if (path === SNAPSHOT_PATH) {
    res.writeHead(200, {
      'Content-Type': 'image/jpeg',
      'Content-Length': latest.length,
      'Cache-Control': 'no-store',
    });
    return res.end(req.method === 'GET' ? latest : undefined);
  }
  answer(res, 404, `no such path: ${path}`);
}

function answer(
  res: ServerResponse,
  status: number,
  message: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...headers });
  res.end(`${message}\n`);
}
