import { BadRequestException } from '@nestjs/common';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/** No request of this API nests deeper than a few levels. */
export const MAX_JSON_DEPTH = 32;

type ParserDone = (error: Error | null, body?: unknown) => void;

/**
 * Fastify's JSON parser (prototype-poisoning checks included) behind a nesting-depth check:
 * deeply nested input would otherwise exhaust the stack in the parser or the validators.
 */
export function boundedJsonParser(fastify: FastifyInstance) {
  const parse = fastify.getDefaultJsonParser('error', 'error');
  return (request: FastifyRequest, body: Buffer, done: ParserDone): void => {
    if (nestingDepthExceeds(body, MAX_JSON_DEPTH)) {
      done(new BadRequestException(`JSON body is nested more than ${MAX_JSON_DEPTH} levels deep`));
      return;
    }
    void parse(request, body.toString('utf8'), done);
  };
}

/** Counts [ and { outside strings; stops as soon as the limit is passed. */
export function nestingDepthExceeds(json: Buffer, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const byte = json[i];
    if (inString) {
      if (byte === 0x5c) i++;
      else if (byte === 0x22) inString = false;
    } else if (byte === 0x22) {
      inString = true;
    } else if (byte === 0x5b || byte === 0x7b) {
      if (++depth > limit) return true;
    } else if (byte === 0x5d || byte === 0x7d) {
      depth--;
    }
  }
  return false;
}
