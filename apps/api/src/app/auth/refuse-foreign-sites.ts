import type { FastifyInstance } from 'fastify';
import { STATUS_CODES } from 'node:http';
import type { ApiError } from '@camrec/shared-types';
import { AccessPolicy } from './access-policy';

/**
 * Host and Origin are checked for every HTTP request before anything else happens (before the
 * body is read, before rate limits count, whatever serves the path: API route, dashboard file
 * or unknown path), hence a Fastify hook rather than the guard, which sees API routes only.
 * WebSocket upgrades get the same check in `AccessCheckedWsAdapter`.
 */
export function refuseForeignSites(fastify: FastifyInstance, policy: AccessPolicy): void {
  fastify.addHook('onRequest', async (request, reply) => {
    const refusal = policy.checkSite(request.headers);
    if (!refusal) return;
    const body: ApiError = {
      statusCode: refusal.status,
      error: STATUS_CODES[refusal.status] ?? 'Error',
      message: refusal.message,
    };
    return reply.code(refusal.status).send(body);
  });
}
