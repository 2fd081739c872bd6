import type { SourceFailure, SourceFailureKind } from '../ingest/source-failure';

export type SessionOpenErrorKind = SourceFailureKind;

/** 502 for what the camera did, 504 when it did nothing in time, 422 for what we cannot use. */
const HTTP_STATUS: Record<SessionOpenErrorKind, 422 | 502 | 504> = {
  unauthorized: 502,
  not_found: 502,
  refused: 502,
  unreachable: 502,
  timeout: 504,
  no_video: 422,
  unsupported_codec: 422,
  unsupported_content_type: 422,
};

/** A session could not be opened. The message is for the user and never holds credentials. */
export class SessionOpenError extends Error {
  override readonly name = 'SessionOpenError';
  readonly httpStatus: 422 | 502 | 504;

  constructor(
    readonly kind: SessionOpenErrorKind,
    message: string,
    /** What the last attempt saw, technical (ffmpeg's line, HTTP status); credential-free. */
    readonly detail: string,
  ) {
    super(message);
    this.httpStatus = HTTP_STATUS[kind];
  }
}

export interface FailureContext {
  /** The camera URL, credentials masked. */
  maskedUrl: string;
  verifyFrames: number;
  verifyTimeoutS: number;
  attempts: number;
}

/** Turns a classified failure into the sentence the user sees. */
export function describeSourceFailure(failure: SourceFailure, context: FailureContext): string {
  const url = context.maskedUrl;
  const detail = failure.detail;
  const tries = context.attempts === 1 ? '' : ` (${context.attempts} attempts)`;
  switch (failure.kind) {
    case 'unauthorized':
      return `camera at ${url} refused access: ${detail}; check the user name and password in the URL`;
    case 'not_found':
      return `camera at ${url} has no stream at this path (${detail.includes('404') ? '404 Not Found' : detail})`;
    case 'refused':
      return `connection to ${url} was refused${tries}: nothing accepts connections on that port`;
    case 'timeout':
      return `camera at ${url} did not deliver ${context.verifyFrames} frames within ${context.verifyTimeoutS} s${tries}: ${detail}`;
    case 'no_video':
      return `stream at ${url} has no video track`;
    case 'unsupported_codec':
      return `stream at ${url} cannot be used: ${detail}; over RTSP only H.264 and H.265 are supported`;
    case 'unsupported_content_type':
      return `${url} answered with Content-Type ${detail}; an MJPEG camera must send multipart/x-mixed-replace`;
    case 'unreachable':
      return `camera at ${url} is unreachable${tries}: ${detail}`;
  }
}
