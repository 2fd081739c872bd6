import { createHash, timingSafeEqual } from 'node:crypto';

export const WSSE =
  'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';
export const WSU =
  'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd';
const PROFILE =
  'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0';
export const PASSWORD_DIGEST = `${PROFILE}#PasswordDigest`;
export const PASSWORD_TEXT = `${PROFILE}#PasswordText`;

/** How far a token's Created may be from the device's clock (UsernameToken Profile 1.0, 4). */
const FRESHNESS_MS = 5 * 60_000;
const NONCES_KEPT = 1000;

export interface UsernameToken {
  username: string;
  password: string;
  passwordType: string | null;
  /** Base64, as sent. */
  nonce: string | null;
  created: string | null;
}

/** The UsernameToken of a request's wsse:Security header, if it has one. */
export function usernameTokenOf(envelope: Element): UsernameToken | null {
  const token = envelope.getElementsByTagNameNS(WSSE, 'UsernameToken')[0];
  if (!token) return null;
  const child = (ns: string, name: string) => token.getElementsByTagNameNS(ns, name)[0] ?? null;
  const password = child(WSSE, 'Password');
  return {
    username: child(WSSE, 'Username')?.textContent ?? '',
    password: password?.textContent ?? '',
    passwordType: password?.getAttribute('Type') ?? null,
    nonce: child(WSSE, 'Nonce')?.textContent ?? null,
    created: child(WSU, 'Created')?.textContent ?? null,
  };
}

/**
 * Checks a UsernameToken as WS-Security's UsernameToken Profile 1.0 defines it (section 3.1):
 * Password_Digest = Base64(SHA-1(nonce + created + password)), the nonce decoded from Base64;
 * Created within a few minutes of the device's clock; a nonce used once only. Returns why it
 * is refused, or null.
 */
export class UsernameTokenChecker {
  private readonly seen = new Set<string>();

  constructor(
    private readonly username: string,
    private readonly password: string,
  ) {}

  refusal(token: UsernameToken | null, deviceNow: number): string | null {
    if (!token) return 'no UsernameToken';
    if (token.username !== this.username) return 'unknown user';
    if (token.passwordType === PASSWORD_TEXT) {
      return same(token.password, this.password) ? null : 'wrong password (text)';
    }
    if (token.passwordType !== PASSWORD_DIGEST) return `password type ${token.passwordType}`;
    if (!token.nonce || !token.created) return 'digest without Nonce and Created';
    const created = Date.parse(token.created);
    if (!Number.isFinite(created) || Math.abs(created - deviceNow) > FRESHNESS_MS) {
      return `Created ${token.created} is not within 5 minutes of the device's clock`;
    }
    if (this.seen.has(token.nonce)) return 'nonce used before (replay)';
    const expected = createHash('sha1')
      .update(
        Buffer.concat([
          Buffer.from(token.nonce, 'base64'),
          Buffer.from(token.created, 'utf8'),
          Buffer.from(this.password, 'utf8'),
        ]),
      )
      .digest('base64');
    if (!same(token.password, expected)) return 'wrong password (digest)';
    this.seen.add(token.nonce);
    if (this.seen.size > NONCES_KEPT) this.seen.delete(this.seen.values().next().value as string);
    return null;
  }
}

function same(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
