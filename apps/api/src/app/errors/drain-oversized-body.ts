import type { FastifyInstance } from 'fastify';
import { finished } from 'node:stream/promises';

/**
 * The largest declared body read to its end before being refused; a bigger one is cut off at
 * once (whoever sends that much to a JSON API is not a client to wait for).
 */
export const DRAIN_UP_TO_BYTES = 16 * 1024 * 1024;

/**
 * A body over the limit is refused (413, or 415 for a type the API does not read) and the
 * connection closed. Closed on bytes the client is still sending, the kernel resets the
 * connection and the client loses the answer: 20 of 30 bodies of 6 MB sent to the built server
 * got EPIPE instead of the 413. So such a body, up to DRAIN_UP_TO_BYTES, is read and dropped
 * first; the refusal then reaches the client.
 */
export function drainOversizedBodies(fastify: FastifyInstance, limitBytes: number): void {
  fastify.addHook('preParsing', async (request, _reply, payload) => {
    const declared = Number(request.headers['content-length']);
    if (declared > limitBytes && declared <= DRAIN_UP_TO_BYTES) {
      payload.resume();
      // A client that goes away mid-body ends the request anyway.
      await finished(payload).catch(() => undefined);
    }
    return payload;
  });
}
