import { HttpErrorResponse } from '@angular/common/http';
import type { ApiError } from '@camrec/shared-types';

/** An API failure already put into words for the person using the dashboard. */
export class ApiRequestError extends Error {
  constructor(
    message: string,
    readonly statusCode: number,
    /** The server's own message, kept for details and tests. */
    readonly serverMessage: string | null,
  ) {
    super(message);
    this.name = 'ApiRequestError';
  }
}

export function isApiError(body: unknown): body is ApiError {
  return (
    typeof body === 'object' &&
    body !== null &&
    typeof (body as ApiError).statusCode === 'number' &&
    typeof (body as ApiError).message === 'string'
  );
}

/**
 * Turns an HTTP failure into a sentence. The server's message is precise but terse; a short
 * lead-in names the kind of problem so that "401" reads as "wrong user name or password".
 */
export function describeHttpError(error: HttpErrorResponse): ApiRequestError {
  if (error.status === 0) {
    return new ApiRequestError(
      'Cannot reach the Camera Recorder server. Check that it is still running.',
      0,
      null,
    );
  }
  const body: unknown = error.error;
  const serverMessage = isApiError(body) ? body.message : null;
  const lead = leadFor(error.status, serverMessage ?? '');
  const detail = serverMessage ? sentence(serverMessage) : `The server answered ${error.status}.`;
  const words = lead && !saysTheSame(detail, lead) ? `${lead} ${detail}` : detail;
  return new ApiRequestError(words, error.status, serverMessage);
}

/** "Not found." before "Not Found." says nothing new. */
function saysTheSame(detail: string, lead: string): boolean {
  const plain = (text: string) => text.toLowerCase().replace(/[^a-z0-9 ]/g, '');
  return plain(detail).startsWith(plain(lead));
}

function leadFor(status: number, message: string): string | null {
  const text = message.toLowerCase();
  if (
    status === 401 ||
    status === 403 ||
    /\b401\b|unauthori[sz]ed|password|credential/.test(text)
  ) {
    return 'Wrong user name or password.';
  }
  if (
    /limit|maximum|too many (sessions|cameras)/.test(text) &&
    (status === 409 || status === 429 || status === 503)
  ) {
    return /camera/.test(text) ? 'Camera limit reached.' : 'Session limit reached.';
  }
  // "A camera named … already exists" says it all; "Not possible right now" would mislead.
  if (status === 409 && /already|exists|taken|in use/.test(text)) return null;
  if (status === 504 || /timed? ?out/.test(text)) return 'The camera did not answer in time.';
  if (status === 404 || /\b404\b|not found/.test(text)) return 'Not found.';
  if (status === 502) return 'The camera could not be read.';
  if (status === 507) return 'Not enough room to record.';
  if (status === 409) return 'Not possible right now.';
  if (status >= 500) return 'The server ran into a problem.';
  return null;
}

/** Capitalises the first letter and ends with a full stop, so messages read as sentences. */
function sentence(text: string): string {
  const trimmed = text.trim().replace(/^url\b/i, 'URL');
  const capitalised = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capitalised) ? capitalised : `${capitalised}.`;
}

/** Any thrown value as words, for places that catch more than HTTP errors. */
export function errorMessage(error: unknown): string {
  if (error instanceof HttpErrorResponse) return describeHttpError(error).message;
  if (error instanceof Error) return error.message;
  return String(error);
}
