// The viewers of one MJPEG camera. Every emitted frame goes to every viewer that has taken the
// previous one; a viewer whose socket is still full skips frames, so a slow viewer costs at most
// one queued frame and never slows the others.
import { ServerResponse } from 'node:http';

export const MJPEG_BOUNDARY = 'camerasimframe';
export const MJPEG_CONTENT_TYPE = `multipart/x-mixed-replace; boundary=${MJPEG_BOUNDARY}`;

const CRLF = Buffer.from('\r\n');

interface MjpegClient {
  res: ServerResponse;
  framesSent: number;
  framesSkipped: number;
  waitingForDrain: boolean;
}

export class MjpegClients {
  private readonly clients = new Set<MjpegClient>();
  private skippedTotal = 0;

  /** @param dropAfterFrames cut each connection after this many frames (fault injection) */
  constructor(private readonly dropAfterFrames?: number) {}

  get size(): number {
    return this.clients.size;
  }

  add(res: ServerResponse): void {
    res.writeHead(200, {
      'Content-Type': MJPEG_CONTENT_TYPE,
      'Cache-Control': 'no-cache, no-store, must-revalidate',
      Pragma: 'no-cache',
      Connection: 'close',
    });
    const client: MjpegClient = { res, framesSent: 0, framesSkipped: 0, waitingForDrain: false };
    this.clients.add(client);
    res.on('drain', () => (client.waitingForDrain = false));
    res.on('close', () => this.clients.delete(client));
  }

  broadcast(jpeg: Buffer): void {
    const head = Buffer.from(
      `--${MJPEG_BOUNDARY}\r\nContent-Type: image/jpeg\r\nContent-Length: ${jpeg.length}\r\n\r\n`,
    );
    for (const client of this.clients) this.send(client, head, jpeg);
  }

  /** Frames skipped for any viewer since the camera started, viewers gone included. */
  get framesSkipped(): number {
    return this.skippedTotal;
  }

  /** Frames sent and skipped per connected viewer. */
  stats(): Array<{ framesSent: number; framesSkipped: number }> {
    return [...this.clients].map(({ framesSent, framesSkipped }) => ({
      framesSent,
      framesSkipped,
    }));
  }

  closeAll(): void {
    for (const { res } of this.clients) res.destroy();
    this.clients.clear();
  }

  private send(client: MjpegClient, head: Buffer, jpeg: Buffer): void {
    const { res } = client;
    if (client.waitingForDrain || res.destroyed) {
      client.framesSkipped++;
      this.skippedTotal++;
      return;
    }
    client.framesSent++;
    const last = this.dropAfterFrames !== undefined && client.framesSent >= this.dropAfterFrames;
    res.cork();
    res.write(head);
    res.write(jpeg);
    // The last frame must reach the socket before the connection is cut.
    client.waitingForDrain = !res.write(CRLF, last ? () => res.destroy() : undefined);
    res.uncork();
    if (last) this.clients.delete(client);
  }
}
