/**
 * What the hostile-input corpus is made of: its cases, what each must get, and the constants
 * every part of it shares (hostile-corpus.ts assembles the parts).
 */

/** What a case must get: `refused` = a 4xx; `camera` = a 4xx or a camera error (502/504). */
export type Expectation = 'refused' | 'camera';

export interface HttpCase {
  category: string;
  name: string;
  method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
  path: string;
  headers: Record<string, string>;
  body?: string;
  expect: Expectation;
}

export interface CorpusContext {
  /** host:port the server listens on, e.g. 127.0.0.1:41234. */
  authority: string;
  /** An open session, so that session routes reach their handlers. */
  sessionId: string;
}

/** Appears in every credential the corpus sends; it must never come back in an answer or log. */
export const SECRET_MARK = 'Zq9SECRETx';

/** A camera address that refuses connections at once: valid URLs fail fast as camera errors. */
export const DEAD_CAMERA = '127.0.0.1:1';
export const NIL_UUID = '00000000-0000-4000-8000-000000000000';

export const JSON_TYPE = { 'content-type': 'application/json' };
