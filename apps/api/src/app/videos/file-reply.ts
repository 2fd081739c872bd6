import type { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';

/** What to answer for a file request: status, headers and the body (null for HEAD). */
export interface FileReply {
  status: number;
  headers: Record<string, string>;
  body: Readable | string | null;
}

/** Sends a FileReply; a stream body is piped from disk, never read into memory. */
export function sendFileReply(reply: FastifyReply, file: FileReply): FastifyReply {
  return reply
    .status(file.status)
    .headers(file.headers)
    .send(file.body ?? undefined);
}
