import { randomBytes } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import type { SenderReportClock } from '../clock/sender-report-clock';
import { dialCamera, dropParkedCamera, parkCamera } from './camera-dial';
import { loopbackPeerUid } from './loopback-peer';
import { RelayConnection } from './relay-connection';
import { createRoute, relayUrlOf, type RelayRoute } from './relay-route';

/** The relay listens here and nowhere else: only local processes (the ingest) may connect. */
const LOOPBACK = '127.0.0.1';

export interface RtspRelayOptions {
  /** Deadline for the relay's connection to a camera (default 10 s). */
  connectTimeoutMs?: number;
}

export interface RelayAddOptions {
  /** rtsps cameras: check the certificate (default true). */
  verifyTls?: boolean;
  /** Deadline for the connection to this camera (default: the relay's). */
  connectTimeoutMs?: number;
}

/** A camera registered with the relay: what ffmpeg reads, and what the relay learns reading along. */
export interface RelayedCamera {
  /** `rtsp://127.0.0.1:PORT/relay-<random>`: no credentials, no camera path or query. */
  readonly url: string;
  /** The camera's sender-report clock, as read on the latest connection to `url`. */
  readonly clock: SenderReportClock;
  /**
   * Connects to the camera ahead of ffmpeg and keeps the connection for ffmpeg's, so that no
   * ffmpeg starts for a camera that is off or away (each start costs ~0.2 s of CPU). Rejects
   * with the socket's error: its `code` says why (ECONNREFUSED, ETIMEDOUT, a TLS one, …);
   * `signal` ends the attempt.
   */
  reach(signal?: AbortSignal): Promise<void>;
  /** Forgets this registration (not others of the same id) and ends its connections. */
  close(): void;
}

/**
 * The one hop between ffmpeg and an RTSP camera, inside the server process. ffmpeg reads
 * `rtsp://127.0.0.1:PORT/relay-<random>` from this loopback server, which connects to the
 * camera itself (TCP, or TLS with the certificate checked), answers its Basic/Digest
 * challenges with the registered credentials, receives the RTP of cameras that refuse TCP
 * transport over UDP and hands it to ffmpeg interleaved, and reads the camera's RTCP sender
 * reports along the way (each route's `clock`). So camera passwords stay off ffmpeg's command
 * line, where every local user could read them with `ps`, and there is exactly one connection
 * between ffmpeg and the camera's socket. No child process, and no credentials on any wire but
 * the camera's own.
 */
export class RtspRelay {
  private server: Server | null = null;
  private port = 0;
  private readonly routes = new Map<string, RelayRoute>();
  private readonly connections = new Set<RelayConnection>();

  constructor(private readonly options: RtspRelayOptions = {}) {}

  async start(): Promise<void> {
    if (this.server) return;
    const server = createServer((socket) => void this.accept(socket));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, LOOPBACK, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const address = server.address();
    this.port = typeof address === 'object' && address ? address.port : 0;
    this.server = server;
  }

  /**
   * Registers a camera (credentials in its URL) under `id`, in place of any earlier registration
   * of that id, and returns the credential-free URL to read and the clock read along.
   */
  add(id: string, cameraUrl: string, options: RelayAddOptions = {}): RelayedCamera {
    if (!this.server) throw new Error('the RTSP relay is not started');
    this.remove(id);
    const token = randomBytes(16).toString('hex');
    const route = createRoute(id, token, this.port, cameraUrl, {
      verifyTls: options.verifyTls ?? true,
      connectTimeoutMs: options.connectTimeoutMs ?? this.options.connectTimeoutMs ?? 10_000,
    });
    this.routes.set(token, route);
    return {
      url: relayUrlOf(route),
      clock: route.clock,
      reach: (signal) => this.reach(route, signal),
      close: () => this.forget(route),
    };
  }

  /** Forgets the camera and ends its open connections. */
  remove(id: string): void {
    for (const route of this.routes.values()) {
      if (route.id === id) this.forget(route);
    }
  }

  /** The loopback port it listens on (0 until started). */
  get listeningPort(): number {
    return this.port;
  }

  has(id: string): boolean {
    return [...this.routes.values()].some((route) => route.id === id);
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const route of this.routes.values()) dropParkedCamera(route);
    this.routes.clear();
    for (const connection of this.connections) connection.close();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async reach(route: RelayRoute, signal?: AbortSignal): Promise<void> {
    const camera = await dialCamera(route, signal);
    // Forgotten while connecting: nobody will take it.
    if (this.routes.get(route.token) !== route) camera.destroy();
    else parkCamera(route, camera);
  }

  private forget(route: RelayRoute): void {
    dropParkedCamera(route);
    if (this.routes.get(route.token) === route) this.routes.delete(route.token);
    for (const connection of this.connections) {
      if (connection.route === route) connection.close();
    }
  }

  /**
   * Loopback clients of the server's own user only: the relay URL is on ffmpeg's command line,
   * so other local users can see it, and must not get the camera's stream with it.
   */
  private async accept(socket: Socket): Promise<void> {
    socket.pause();
    socket.on('error', () => socket.destroy());
    const uid = isLoopback(socket.remoteAddress) ? await loopbackPeerUid(socket) : -1;
    if (!this.server || (uid !== undefined && uid !== process.getuid?.())) {
      socket.destroy();
      return;
    }
    socket.setNoDelay(true);
    const connection = new RelayConnection(socket, {
      findRoute: (token) => this.routes.get(token),
      onClose: (closed) => this.connections.delete(closed),
    });
    this.connections.add(connection);
    socket.resume();
  }
}

function isLoopback(address: string | undefined): boolean {
  return /^(127\.|::ffff:127\.)/.test(address ?? '') || address === '::1';
}
