import { BadRequestException } from '@nestjs/common';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/** No request of this API nests deeper than a few levels. */
export const MAX_JSON_DEPTH = 32;

type ParserDone = (error: Error | null, body?: unknown) => void;

/**
 * Fastify's JSON parser (prototype-poisoning checks included) behind a nesting-depth check:
 * deeply nested input would otherwise exhaust the stack in the parser or the validators. Every
 * body of this API is an object: anything else is refused here, where a `null` would otherwise
 * become `{}` in the validation pipe (a PATCH of nothing answered 200).
 */
export function boundedJsonParser(fastify: FastifyInstance) {
  const parse = fastify.getDefaultJsonParser('error', 'error');
  return (request: FastifyRequest, body: Buffer, done: ParserDone): void => {
    if (nestingDepthExceeds(body, MAX_JSON_DEPTH)) {
      done(new BadRequestException(`JSON body is nested more than ${MAX_JSON_DEPTH} levels deep`));
      return;
    }
    void parse(request, body.toString('utf8'), (error, value) => {
      if (!error && (value === null || typeof value !== 'object' || Array.isArray(value))) {
        done(new BadRequestException('the JSON body must be an object: {"field": value, …}'));
        return;
      }
      done(error, value);
    });
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
