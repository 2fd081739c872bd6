import { maskCredentials } from '@camrec/process';

export type SourceScheme = 'rtsp' | 'rtsps' | 'http' | 'https';

export interface ParsedSourceUrl {
  url: URL;
  scheme: SourceScheme;
  /** The URL with credentials masked, safe to show. */
  masked: string;
}

export const MAX_SOURCE_URL_LENGTH = 2048;
const ALLOWED_SCHEMES: readonly string[] = ['rtsp', 'rtsps', 'http', 'https'];

/** Thrown for a URL the server refuses before any process starts; the message is for the user. */
export class SourceUrlError extends Error {}

/**
 * Checks a camera URL before ffmpeg or any socket sees it. Only network camera protocols are
 * accepted: ffmpeg pseudo-protocols (file:, concat:, subfile:, pipe:, data:, tcp:, udp:, …)
 * would let a user read local files or reach other services.
 */
export function parseSourceUrl(input: unknown): ParsedSourceUrl {
  if (typeof input !== 'string' || input.trim() === '') {
    throw new SourceUrlError('url must be a non-empty string');
  }
  const text = input.trim();
  if (text.length > MAX_SOURCE_URL_LENGTH) {
    throw new SourceUrlError(
      `url is ${text.length} characters long; the limit is ${MAX_SOURCE_URL_LENGTH}`,
    );
  }
  // Control characters and spaces could smuggle extra ffmpeg options or headers.
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  if (/[\u0000-\u0020\u007f]/.test(text)) {
    throw new SourceUrlError('url must not contain spaces or control characters');
  }
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(text)?.[1]?.toLowerCase();
  if (!scheme) {
    throw new SourceUrlError('url must start with rtsp://, rtsps://, http:// or https://');
  }
  if (!ALLOWED_SCHEMES.includes(scheme)) {
    throw new SourceUrlError(
      `url scheme "${scheme}:" is not allowed; use rtsp://, rtsps://, http:// or https://`,
    );
  }
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    throw new SourceUrlError(`url must have the form ${scheme}://host[:port]/path`);
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new SourceUrlError(`url is not a valid URL: ${maskCredentials(text)}`);
  }
  if (!url.hostname) {
    throw new SourceUrlError('url must name a host');
  }
  // ffmpeg treats '|' in some protocols as a separator of nested URLs (e.g. concat:).
  if (text.includes('|')) {
    throw new SourceUrlError("url must not contain '|'");
  }
  checkPercentEscapes(url.username, 'user name');
  checkPercentEscapes(url.password, 'password');
  return { url, scheme: scheme as SourceScheme, masked: maskCredentials(url.toString()) };
}

/**
 * Credentials are percent-decoded before they are sent; a '%' not followed by two hex digits
 * (or escapes that are not UTF-8) would fail only at the camera, after every attempt.
 * The message names the part and never shows its value.
 */
function checkPercentEscapes(part: string, name: string): void {
  try {
    decodeURIComponent(part);
  } catch {
    throw new SourceUrlError(
      `the ${name} in url has a malformed percent-escape; write "%" as "%25" (a "%" must be followed by two hex digits)`,
    );
  }
}
