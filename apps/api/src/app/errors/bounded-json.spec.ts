import { BadRequestException } from '@nestjs/common';
import Fastify, { type FastifyRequest } from 'fastify';
import { boundedJsonParser } from './bounded-json';

/** Runs the parser on `text`: the parsed body, or the error it refused it with. */
function parse(text: string): Promise<{ error: Error | null; body?: unknown }> {
  const parser = boundedJsonParser(Fastify());
  return new Promise((resolve) =>
    parser({} as FastifyRequest, Buffer.from(text), (error, body) => resolve({ error, body })),
  );
}

describe('boundedJsonParser', () => {
  it('parses an object', async () => {
    expect(await parse('{"name":"Porch","motion":{"enabled":true}}')).toEqual({
      error: null,
      body: { name: 'Porch', motion: { enabled: true } },
    });
  });

  // null became {} in the validation pipe: PATCH /cameras/:id with a body of null answered 200.
  it.each(['null', '"text"', '42', 'true', '[]', '[{"name":"Porch"}]'])(
    'refuses %s: every body is an object',
    async (text) => {
      const { error } = await parse(text);
      expect(error).toBeInstanceOf(BadRequestException);
      expect(error?.message).toBe('the JSON body must be an object: {"field": value, …}');
    },
  );

  it('refuses nesting deeper than 32 levels and malformed JSON', async () => {
    expect((await parse(`{"a":${'['.repeat(40)}${']'.repeat(40)}}`)).error?.message).toMatch(
      /nested more than 32 levels/,
    );
    expect((await parse('{"a":')).error).toBeInstanceOf(Error);
    expect((await parse('{"__proto__":{"x":1}}')).error).toBeInstanceOf(Error);
  });
});
