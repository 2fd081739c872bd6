import { isCertificateError } from '@camrec/rtsp';

/** Why a camera could not be read; each kind maps to one user-facing message and HTTP status. */
export type SourceFailureKind =
  | 'unauthorized'
  | 'not_found'
  | 'refused'
  | 'timeout'
  | 'no_video'
  | 'unsupported_codec'
  | 'unsupported_content_type'
  | 'unreachable';

/** A classified failure of a probe or an ingest. `detail` is technical and credential-free. */
export class SourceFailure extends Error {
  override readonly name = 'SourceFailure';

  constructor(
    readonly kind: SourceFailureKind,
    readonly detail: string,
  ) {
    super(`${kind}: ${detail}`);
  }
}

/** Failures that another attempt cannot fix: retrying would only delay the answer. */
export function isDefinitiveFailure(kind: SourceFailureKind): boolean {
  return kind !== 'timeout' && kind !== 'refused' && kind !== 'unreachable';
}

const FFMPEG_PATTERNS: ReadonlyArray<[RegExp, SourceFailureKind]> = [
  [/\b401\b|Unauthorized|authorization failed/i, 'unauthorized'],
  [/\b404\b|Not Found/i, 'not_found'],
  [/Connection refused/i, 'refused'],
  [/timed out|Timeout/i, 'timeout'],
];

/**
 * Classifies ffmpeg/ffprobe stderr (already masked). ffmpeg's messages for RTSP are stable:
 * "method DESCRIBE failed: 401 Unauthorized", "Connection refused", "Connection timed out".
 */
export function classifyFfmpegFailure(
  stderrLines: readonly string[],
  fallback: string,
): SourceFailure {
  const text = stderrLines.join('\n');
  const detail = mostTellingLine(stderrLines) ?? fallback;
  for (const [pattern, kind] of FFMPEG_PATTERNS) {
    if (pattern.test(text)) return new SourceFailure(kind, detail);
  }
  return new SourceFailure('unreachable', detail);
}

/**
 * ffmpeg's final error names the input ("rtsp://…: Server returned 401 …"); the reason after
 * the URL is what the user needs, without ffmpeg's "[rtsp @ 0x…]" context prefix.
 */
function mostTellingLine(lines: readonly string[]): string | undefined {
  const line = [...lines].reverse().find((l) => /:\/\//.test(l)) ?? lines.at(-1);
  return line
    ?.replace(/^\[[\w-]+ @ 0x[0-9a-f]+\]\s*/i, '')
    .replace(/^[a-z][a-z0-9+.-]*:\/\/\S*?:\s+/i, '')
    .trim();
}

/** Node socket errors (an MJPEG camera's HTTP, the RTSP relay's connection) to a failure kind. */
export function classifySocketError(error: NodeJS.ErrnoException): SourceFailure {
  const code = error.code ?? '';
  if (isCertificateError(error)) {
    return new SourceFailure(
      'unreachable',
      `the camera's TLS certificate could not be verified (${code}: ${error.message}); ` +
        'if you trust this camera, open it with "insecure_tls": true',
    );
  }
  if (code === 'ECONNREFUSED') return new SourceFailure('refused', error.message);
  if (code === 'ETIMEDOUT' || code === 'ESOCKETTIMEDOUT')
    return new SourceFailure('timeout', error.message);
  return new SourceFailure('unreachable', code ? `${code}: ${error.message}` : error.message);
}
