import * as http from 'node:http';
import * as https from 'node:https';
import type { Duplex } from 'node:stream';

/** A device sent more than the limit on one connection. */
export class ResponseTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`the device's answer is larger than ${Math.round(limit / 1024)} KiB`);
  }
}

/** An agent whose connections are counted and can all be cut at once. */
export interface BoundedAgent {
  agent: http.Agent;
  /** Destroys every connection still open (a deadline passed, or the work is done). */
  destroyAll(): void;
}

/**
 * An http(s) agent for the onvif client: each connection is cut once the device has sent more
 * than `maxBytes` (the client gathers whole answers in memory before parsing them), and every
 * connection can be destroyed when the overall deadline passes (the client's own timeout is per
 * idle period, which a device trickling bytes never reaches). No keep-alive: one request each.
 */
export function boundedAgent(
  secure: boolean,
  maxBytes: number,
  tls: https.AgentOptions = {},
): BoundedAgent {
  const sockets = new Set<Duplex>();
  const watch = (socket: Duplex | null | undefined): Duplex | null | undefined => {
    if (!socket) return socket;
    sockets.add(socket);
    let received = 0;
    socket.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received > maxBytes) socket.destroy(new ResponseTooLargeError(maxBytes));
    });
    socket.once('close', () => sockets.delete(socket));
    return socket;
  };
  const agent: http.Agent = secure
    ? new (class extends https.Agent {
        override createConnection(
          ...args: Parameters<https.Agent['createConnection']>
        ): Duplex | null | undefined {
          return watch(super.createConnection(...args));
        }
      })({ ...tls, keepAlive: false })
    : new (class extends http.Agent {
        override createConnection(
          ...args: Parameters<http.Agent['createConnection']>
        ): Duplex | null | undefined {
          return watch(super.createConnection(...args));
        }
      })({ keepAlive: false });
  return {
    agent,
    destroyAll() {
      for (const socket of sockets) socket.destroy();
      sockets.clear();
      agent.destroy();
    },
  };
}
