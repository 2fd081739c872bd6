/**
 * What the hostile-input corpus is made of: its cases, what each must get, and the constants
 * every part of it shares (hostile-corpus.ts assembles the parts).
 */

/**
 * What a case must get: `refused` = a 4xx; `camera` = a 4xx or a camera error (502/504);
 * `accepted` = a 2xx, for requests that are valid however odd (a parsable URL saved with
 * `verify: false`, a name in any script, a read): the runner deletes a camera a case created.
 */
export type Expectation = 'refused' | 'camera' | 'accepted';

export interface HttpCase {
  category: string;
  name: string;
  method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
  path: string;
  headers: Record<string, string>;
  body?: string;
  expect: Expectation;
  /** A 400 must name this (the field or parameter at fault) in its message. */
  names?: string;
  /** It puts back what the cases before it changed (later passes depend on it): always sent. */
  restores?: true;
}

export interface CorpusContext {
  /** host:port the server listens on, e.g. 127.0.0.1:41234. */
  authority: string;
  /** An open session, so that session routes reach their handlers. */
  sessionId: string;
  /**
   * A saved camera (enabled, at a dead address) that the PATCH and DELETE cases aim at, so that
   * whatever the validation lets through reaches the handler.
   */
  cameraId: string;
  /** A saved camera whose URL holds SECRET_MARK: the reads of it must never show it. */
  secretCameraId: string;
}

/** Appears in every credential the corpus sends; it must never come back in an answer or log. */
export const SECRET_MARK = 'Zq9SECRETx';

/** A camera address that refuses connections at once: valid URLs fail fast as camera errors. */
export const DEAD_CAMERA = '127.0.0.1:1';
export const NIL_UUID = '00000000-0000-4000-8000-000000000000';

export const JSON_TYPE = { 'content-type': 'application/json' };
