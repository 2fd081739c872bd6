import { HttpException, HttpStatus } from '@nestjs/common';
import { ResponseTooLargeError } from './bounded-agent';

/** What went wrong in one call to the device, with what was seen of its answer. */
export interface CallFailure {
  /** The ONVIF operation, e.g. GetProfiles. */
  operation: string;
  error: unknown;
  /** The HTTP status of the device's last answer to this call, if one came. */
  httpStatus: number | null;
  /** The raw text of that answer (bounded by the agent). */
  body: string | null;
}

export const AUTH_REFUSED = 'the camera refused the user name or password';

/** The wrong user name or password, however the device says it. */
export function isAuthFailure(failure: CallFailure): boolean {
  const message = messageOf(failure.error);
  if (failure.httpStatus === 401 || /Digest authentication/i.test(message)) return true;
  if (/sender not authori[sz]ed|not ?authori[sz]ed|unauthori[sz]ed/i.test(message)) return true;
  return faultCodes(failure.body).some((code) => /NotAuthorized|FailedAuthentication/i.test(code));
}

/**
 * The answer for the person who asked: 502 with the reason (refused credentials, unreachable,
 * not ONVIF, an oversized answer), 504 when the device did not answer in time. `redact` hides
 * the password wherever a device could have echoed it.
 */
export function failureResponse(
  failure: CallFailure,
  where: string,
  redact: (text: string) => string,
): HttpException {
  const message = messageOf(failure.error);
  const code = codeOf(failure.error);
  if (isAuthFailure(failure)) {
    return gateway(`${AUTH_REFUSED} (${where}, ${failure.operation})`);
  }
  if (failure.error instanceof ResponseTooLargeError) {
    return gateway(`${where} is not usable: ${message} (${failure.operation})`);
  }
  if (code === 'ETIMEDOUT' || /Network timeout|timed? ?out/i.test(message)) {
    return new HttpException(
      `${where} did not answer in time (${failure.operation})`,
      HttpStatus.GATEWAY_TIMEOUT,
    );
  }
  if (code && NETWORK_CODES[code]) {
    return gateway(`${where} could not be reached: ${NETWORK_CODES[code]} (${code})`);
  }
  if (code && /^(ERR_TLS|CERT_|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO)/.test(code)) {
    return gateway(
      `${where}: its TLS certificate is not trusted (${code}); set insecure_tls to accept it`,
    );
  }
  const status =
    failure.httpStatus && failure.httpStatus !== 200 ? `HTTP ${failure.httpStatus}` : '';
  const fault = faultReason(failure.body);
  const detail = [status, fault ?? shorten(message)].filter(Boolean).join(', ');
  const soap = failure.body !== null && /Envelope/.test(failure.body);
  return gateway(
    redact(
      soap
        ? `${where} refused ${failure.operation}: ${detail}`
        : `${where} is not an ONVIF device: ${failure.operation} was answered with ${detail || 'nothing usable'}`,
    ),
  );
}

const NETWORK_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'the connection was reset',
  EHOSTUNREACH: 'no route to the host',
  ENETUNREACH: 'the network is unreachable',
  EHOSTDOWN: 'the host is down',
  EPIPE: 'the connection was closed',
  ENOTFOUND: 'the host name is not known',
  EAI_AGAIN: 'the host name could not be resolved now',
  HPE_INVALID_CONSTANT: 'the answer is not HTTP',
  HPE_INVALID_VERSION: 'the answer is not HTTP',
  HPE_HEADER_OVERFLOW: 'the answer has oversized headers',
};

function gateway(message: string): HttpException {
  return new HttpException(message, HttpStatus.BAD_GATEWAY);
}

export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === 'string' ? error : String(error);
}

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** The Value texts of a SOAP 1.2 fault's Code and Subcodes (prefixes kept: ter:NotAuthorized). */
function faultCodes(body: string | null): string[] {
  if (!body || !/Fault/.test(body)) return [];
  return [...body.matchAll(/<(?:[\w.-]+:)?Value>\s*([^<\s]{1,200})\s*<\//g)].map((m) => m[1]);
}

function faultReason(body: string | null): string | null {
  if (!body || !/Fault/.test(body)) return null;
  const text = /<(?:[\w.-]+:)?Text[^>]*>([^<]{1,4096})</.exec(body)?.[1]?.trim();
  const codes = faultCodes(body).join(' ');
  return [text && shorten(text), codes && `(${codes})`].filter(Boolean).join(' ') || null;
}

function shorten(text: string): string {
  // eslint-disable-next-line no-control-regex -- a device's text must not carry control characters
  const clean = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return clean.length > 200 ? `${clean.slice(0, 200)}…` : clean;
}
