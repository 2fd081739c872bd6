import { createHash, randomBytes } from 'node:crypto';

/** One challenge of a WWW-Authenticate header. */
export interface AuthChallenge {
  scheme: string;
  params: Record<string, string>;
}

/**
 * Parses WWW-Authenticate values (one or several headers, each possibly holding several
 * challenges, e.g. `Digest realm="x", nonce="y", Basic realm="x"`).
 */
export function parseAuthenticateHeaders(values: readonly string[]): AuthChallenge[] {
  const challenges: AuthChallenge[] = [];
  for (const value of values) {
    let pos = 0;
    const skip = (chars: RegExp) => {
      while (pos < value.length && chars.test(value[pos])) pos++;
    };
    const readToken = () => {
      const start = pos;
      skip(/[^\s,=]/);
      return value.slice(start, pos);
    };
    while (pos < value.length) {
      skip(/[\s,]/);
      const token = readToken();
      if (!token) {
        pos++;
        continue;
      }
      skip(/\s/);
      if (value[pos] !== '=') {
        challenges.push({ scheme: token.toLowerCase(), params: {} });
        continue;
      }
      pos++;
      skip(/\s/);
      let param = '';
      if (value[pos] === '"') {
        for (pos++; pos < value.length && value[pos] !== '"'; pos++) {
          if (value[pos] === '\\') pos++;
          param += value[pos] ?? '';
        }
        pos++;
      } else {
        param = readToken();
      }
      const current = challenges.at(-1);
      if (current) current.params[token.toLowerCase()] = param;
    }
  }
  return challenges;
}

export function basicAuthorization(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
}

const DIGEST_HASHES: Record<string, string> = {
  md5: 'md5',
  'md5-sess': 'md5',
  'sha-256': 'sha256',
  'sha-256-sess': 'sha256',
};

export function isSupportedDigest(challenge: AuthChallenge): boolean {
  return (challenge.params['algorithm'] ?? 'MD5').toLowerCase() in DIGEST_HASHES;
}

export interface DigestRequest {
  user: string;
  password: string;
  method: string;
  /** Request target as sent on the request line, e.g. "/video.mjpg?x=1". */
  uri: string;
  challenge: AuthChallenge;
  /** Fixed in tests; random otherwise. */
  cnonce?: string;
  nonceCount?: number;
}

/** The Authorization header for an RFC 7616 Digest challenge (MD5 or SHA-256, qop=auth or none). */
export function digestAuthorization(request: DigestRequest): string {
  const { params } = request.challenge;
  const algorithm = params['algorithm'] ?? 'MD5';
  const hashName = DIGEST_HASHES[algorithm.toLowerCase()];
  if (!hashName) throw new Error(`Digest algorithm ${algorithm} is not supported`);
  const hash = (text: string) => createHash(hashName).update(text, 'utf8').digest('hex');
  const realm = params['realm'] ?? '';
  const nonce = params['nonce'] ?? '';
  const cnonce = request.cnonce ?? randomBytes(8).toString('hex');
  const nc = (request.nonceCount ?? 1).toString(16).padStart(8, '0');
  const qops = (params['qop'] ?? '').split(',').map((q) => q.trim().toLowerCase());
  const qop = qops.includes('auth') ? 'auth' : null;

  let ha1 = hash(`${request.user}:${realm}:${request.password}`);
  if (algorithm.toLowerCase().endsWith('-sess')) ha1 = hash(`${ha1}:${nonce}:${cnonce}`);
  const ha2 = hash(`${request.method}:${request.uri}`);
  const response = qop
    ? hash(`${ha1}:${nonce}:${nc}:${cnonce}:${qop}:${ha2}`)
    : hash(`${ha1}:${nonce}:${ha2}`);

  const quote = (value: string) => `"${value.replace(/(["\\])/g, '\\$1')}"`;
  const fields = [
    `username=${quote(request.user)}`,
    `realm=${quote(realm)}`,
    `nonce=${quote(nonce)}`,
    `uri=${quote(request.uri)}`,
    `algorithm=${algorithm}`,
    `response=${quote(response)}`,
  ];
  if (qop) fields.push(`qop=${qop}`, `nc=${nc}`, `cnonce=${quote(cnonce)}`);
  if (params['opaque'] !== undefined) fields.push(`opaque=${quote(params['opaque'])}`);
  return `Digest ${fields.join(', ')}`;
}
