import { Inject, Injectable } from '@nestjs/common';
import fastifyCookie from '@fastify/cookie';
import type { IncomingHttpHeaders } from 'node:http';
import type { AuthStatus } from '@camrec/shared-types';
import { isIP } from 'node:net';
import { AppConfig } from '../config/app-config';
import { sameToken } from './auth-token';

export const AUTH_TOKEN = Symbol('AUTH_TOKEN');
export const AUTH_COOKIE = 'camrec_token';
export const CLEAR_TEXT_WARNING =
  'the server listens beyond loopback without tls_cert/tls_key: the access token and the video travel in clear text';

/** Why a request is refused; the status and message the client gets. */
export interface Refusal {
  status: 401 | 403 | 415 | 421;
  message: string;
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Who may use the server, decided from a request's headers alone (shared by the HTTP guard
 * and the WebSocket upgrade):
 * - Host must name this server (loopback, `host`, `allowed_hosts`): a page on another name
 *   that resolves here (DNS rebinding) gets 421.
 * - Origin, when sent, must be the app's own or a `cors_origins` entry: another site's page
 *   (or a sandboxed one, `Origin: null`) gets 403.
 * - Beyond loopback, the access token (Bearer header or the sign-in cookie), else 401; on
 *   `/metrics` also `metrics_token` (Bearer header only), which opens nothing else.
 */
@Injectable()
export class AccessPolicy {
  readonly tokenRequired: boolean;
  readonly tls: boolean;
  private readonly hosts: Set<string>;
  private readonly origins: Set<string>;

  constructor(
    private readonly config: AppConfig,
    @Inject(AUTH_TOKEN) private readonly token: string | null,
  ) {
    this.tokenRequired = !isLoopback(config.host);
    this.tls = config.tls_cert !== null;
    this.hosts = new Set([config.host, ...config.allowed_hosts].map((h) => h.toLowerCase()));
    this.origins = new Set(config.cors_origins.map((o) => o.toLowerCase()));
  }

  /** Set when the server listens beyond loopback without TLS. */
  get warning(): string | null {
    return this.tokenRequired && !this.tls ? CLEAR_TEXT_WARNING : null;
  }

  /** Host and Origin: the checks every request and upgrade gets, whatever the route. */
  checkSite(headers: IncomingHttpHeaders): Refusal | null {
    const host = headers.host ?? '';
    if (!this.knownHost(host)) {
      return {
        status: 421,
        message: `Host "${host}" is not a name of this server; add it to allowed_hosts if it is`,
      };
    }
    const origin = headers.origin;
    if (origin !== undefined && !this.knownOrigin(origin, host)) {
      return {
        status: 403,
        message: `Origin "${origin}" may not use this server; add it to cors_origins if it should`,
      };
    }
    return null;
  }

  /** Only JSON bodies change state: a cross-site HTML form cannot send one. */
  checkBody(method: string, headers: IncomingHttpHeaders): Refusal | null {
    if (!STATE_CHANGING.has(method)) return null;
    const type = headers['content-type'];
    const hasBody = type !== undefined || Number(headers['content-length'] ?? 0) > 0;
    if (method === 'DELETE' && !hasBody) return null;
    if (type && /^application\/json\s*(;|$)/i.test(type)) return null;
    return {
      status: 415,
      message: `${method} needs a JSON body (content-type: application/json); got ${type ? `"${type}"` : 'none'}`,
    };
  }

  /** True when the request carries the access token (or none is needed). */
  authenticated(headers: IncomingHttpHeaders): boolean {
    if (!this.tokenRequired || this.token === null) return true;
    const given = bearerToken(headers.authorization) ?? cookieToken(headers.cookie);
    return given !== null && sameToken(given, this.token);
  }

  checkToken(headers: IncomingHttpHeaders): Refusal | null {
    if (this.authenticated(headers)) return null;
    return {
      status: 401,
      message:
        'this server needs its access token: send "Authorization: Bearer TOKEN" or sign in on the dashboard',
    };
  }

  /** A Prometheus scrape: the access token, or `metrics_token` as a Bearer header. */
  checkScrapeToken(headers: IncomingHttpHeaders): Refusal | null {
    if (this.authenticated(headers)) return null;
    const metricsToken = this.config.metrics_token;
    const given = bearerToken(headers.authorization);
    if (metricsToken !== null && given !== null && sameToken(given, metricsToken)) return null;
    return {
      status: 401,
      message: 'metrics need the access token or metrics_token: send "Authorization: Bearer TOKEN"',
    };
  }

  /** What a client may know about access control (its own sign-in included). */
  status(headers: IncomingHttpHeaders): AuthStatus {
    return {
      token_required: this.tokenRequired,
      signed_in: this.authenticated(headers),
      tls: this.tls,
      warning: this.warning,
    };
  }

  /** A token a client offers at sign-in. */
  validToken(given: string): boolean {
    return this.token === null || sameToken(given, this.token);
  }

  private knownHost(hostHeader: string): boolean {
    const name = hostName(hostHeader);
    return name !== null && (isLoopback(name) || this.hosts.has(name));
  }

  private knownOrigin(origin: string, host: string): boolean {
    const own = `${this.tls ? 'https' : 'http'}://${host}`.toLowerCase();
    const lower = origin.toLowerCase();
    return lower === own || this.origins.has(lower);
  }
}

/** "Host: [::1]:8000" → "::1"; null when the header is not host[:port]. */
function hostName(header: string): string | null {
  const match = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:\d{1,5})?$/i.exec(header.trim());
  if (!match) return null;
  return match[1].replace(/^\[|\]$/g, '').toLowerCase();
}

export function isLoopback(host: string): boolean {
  const name = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  if (isIP(name) === 4) return name.startsWith('127.');
  return name === '::1' || name === '::ffff:127.0.0.1';
}

function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match ? match[1] : null;
}

function cookieToken(header: string | undefined): string | null {
  if (!header) return null;
  return fastifyCookie.parse(header)[AUTH_COOKIE] ?? null;
}
