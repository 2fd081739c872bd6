// HTTP Basic and Digest (RFC 7616 with MD5 and qop=auth, as IP cameras and ffmpeg speak it)
// for the MJPEG camera. Digest nonces are signed rather than stored, so nothing grows with
// the number of requests.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { CameraAuth } from '../camera-options';

export const HTTP_AUTH_REALM = 'camera-sim';

export function md5(text: string): string {
  return createHash('md5').update(text).digest('hex');
}

export interface DigestParams {
  username: string;
  realm: string;
  password: string;
  method: string;
  uri: string;
  nonce: string;
  /** Present together with `nc` and `cnonce` when the client uses qop. */
  qop?: string;
  nc?: string;
  cnonce?: string;
}

/** The `response` value a client must send for these parameters. */
export function digestResponse(p: DigestParams): string {
  const ha1 = md5(`${p.username}:${p.realm}:${p.password}`);
  const ha2 = md5(`${p.method}:${p.uri}`);
  return p.qop
    ? md5(`${ha1}:${p.nonce}:${p.nc}:${p.cnonce}:${p.qop}:${ha2}`)
    : md5(`${ha1}:${p.nonce}:${ha2}`);
}

/** Parses `key=value, key="quoted, value"` pairs of an auth header (after the scheme). */
export function parseAuthParams(text: string): Record<string, string> {
  const params: Record<string, string> = {};
  const pair = /\s*([\w-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))\s*,?/g;
  for (let match = pair.exec(text); match; match = pair.exec(text)) {
    params[match[1].toLowerCase()] =
      match[2] !== undefined ? match[2].replace(/\\(.)/g, '$1') : match[3];
  }
  return params;
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export class HttpAuthenticator {
  private readonly nonceKey = randomBytes(16);

  constructor(
    private readonly auth: CameraAuth,
    private readonly realm = HTTP_AUTH_REALM,
  ) {}

  /** The WWW-Authenticate header of a 401 answer. */
  challenge(): string {
    if (this.auth.type === 'basic') return `Basic realm="${this.realm}", charset="UTF-8"`;
    return (
      `Digest realm="${this.realm}", qop="auth", algorithm=MD5, ` +
      `nonce="${this.issueNonce()}", opaque="${md5(this.realm)}"`
    );
  }

  /** Whether the request's Authorization header carries the right credentials. */
  verify(method: string, uri: string, authorization: string | undefined): boolean {
    if (!authorization) return false;
    const space = authorization.indexOf(' ');
    if (space < 0) return false;
    const scheme = authorization.slice(0, space).toLowerCase();
    const rest = authorization.slice(space + 1);
    if (this.auth.type === 'basic') return scheme === 'basic' && this.verifyBasic(rest);
    return scheme === 'digest' && this.verifyDigest(method, uri, parseAuthParams(rest));
  }

  private verifyBasic(token: string): boolean {
    const expected = `${this.auth.user}:${this.auth.password}`;
    return sameText(Buffer.from(token.trim(), 'base64').toString('utf8'), expected);
  }

  private verifyDigest(method: string, uri: string, p: Record<string, string>): boolean {
    if (p['username'] !== this.auth.user || p['realm'] !== this.realm) return false;
    if (p['uri'] !== uri || !p['nonce'] || !this.isOurNonce(p['nonce']) || !p['response']) {
      return false;
    }
    if (p['algorithm'] && p['algorithm'].toUpperCase() !== 'MD5') return false;
    if (p['qop'] && (p['qop'] !== 'auth' || !p['nc'] || !p['cnonce'])) return false;
    const expected = digestResponse({
      username: this.auth.user,
      realm: this.realm,
      password: this.auth.password,
      method,
      uri,
      nonce: p['nonce'],
      qop: p['qop'],
      nc: p['nc'],
      cnonce: p['cnonce'],
    });
    return sameText(p['response'].toLowerCase(), expected);
  }

  private issueNonce(): string {
    const salt = randomBytes(8).toString('hex');
    return `${salt}${this.sign(salt)}`;
  }

  private isOurNonce(nonce: string): boolean {
    return nonce.length === 48 && sameText(nonce.slice(16), this.sign(nonce.slice(0, 16)));
  }

  private sign(salt: string): string {
    return createHmac('sha256', this.nonceKey).update(salt).digest('hex').slice(0, 32);
  }
}
