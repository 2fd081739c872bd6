import {
  type AuthChallenge,
  basicAuthorization,
  digestAuthorization,
  isSupportedDigest,
  parseAuthenticateHeaders,
} from '../http-digest-auth';

/**
 * Answers a camera's RTSP 401 challenges with the registered credentials (Digest preferred,
 * else Basic), so that ffmpeg never needs them. Once challenged, every later request carries
 * the answer, as RTSP clients do.
 */
export class CameraAuthenticator {
  private digest: AuthChallenge | null = null;
  private basic = false;
  private nonceCount = 0;

  constructor(
    private readonly user: string,
    private readonly password: string,
  ) {}

  /** The Authorization header for a request, or null before any challenge. */
  authorization(method: string, uri: string): string | null {
    if (this.digest) {
      return digestAuthorization({
        user: this.user,
        password: this.password,
        method,
        uri,
        challenge: this.digest,
        nonceCount: ++this.nonceCount,
      });
    }
    return this.basic ? basicAuthorization(this.user, this.password) : null;
  }

  /**
   * Learns a 401's challenges; false when there is nothing to answer with (no credentials or
   * no supported scheme), so the 401 is final. The caller retries each request once.
   */
  accept(wwwAuthenticate: readonly string[]): boolean {
    if (!this.user && !this.password) return false;
    const challenges = parseAuthenticateHeaders(wwwAuthenticate);
    const digest = challenges.find((c) => c.scheme === 'digest' && isSupportedDigest(c));
    if (digest) {
      this.digest = digest;
      this.nonceCount = 0;
      return true;
    }
    this.basic = challenges.some((c) => c.scheme === 'basic');
    return this.basic;
  }
}
