import { randomBytes } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
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
}

/**
 * Keeps camera passwords out of ffmpeg's command line, where every local user could read them
 * with `ps`: ffmpeg reads `rtsp://127.0.0.1:PORT/relay-<random>` from this loopback server
 * inside the API process, which connects to the camera itself (TCP or TLS), answers its
 * Basic/Digest challenges with the registered credentials, and receives the RTP of cameras
 * that refuse TCP transport over UDP on ffmpeg's behalf. No child process, and no credentials
 * on any wire but the camera's own.
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

  /** Registers a camera (credentials in its URL) and returns the credential-free URL to read. */
  add(id: string, cameraUrl: string, options: RelayAddOptions = {}): string {
    if (!this.server) throw new Error('the RTSP relay is not started');
    this.remove(id);
    const token = randomBytes(16).toString('hex');
    const route = createRoute(id, token, this.port, cameraUrl, options.verifyTls ?? true);
    this.routes.set(token, route);
    return relayUrlOf(route);
  }

  /** Forgets the camera and ends its open connections. */
  remove(id: string): void {
    for (const [token, route] of this.routes) {
      if (route.id === id) this.routes.delete(token);
    }
    for (const connection of this.connections) {
      if (connection.routeId === id) connection.close();
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
    this.routes.clear();
    for (const connection of this.connections) connection.close();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
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
      connectTimeoutMs: this.options.connectTimeoutMs ?? 10_000,
      onClose: (closed) => this.connections.delete(closed),
    });
    this.connections.add(connection);
    socket.resume();
  }
}

function isLoopback(address: string | undefined): boolean {
  return /^(127\.|::ffff:127\.)/.test(address ?? '') || address === '::1';
}
