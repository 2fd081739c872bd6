/** `GET /auth/status` and the answer of `POST /auth/sign-in`. */
export interface AuthStatus {
  /** True when the server listens beyond loopback: every request needs the access token. */
  token_required: boolean;
  /** True when this client sent the token (header or sign-in cookie), or none is needed. */
  signed_in: boolean;
  /** True when the server serves HTTPS and WSS. */
  tls: boolean;
  /** Set when the token and the video travel in clear text (beyond loopback without TLS). */
  warning: string | null;
}

export interface SignInRequest {
  token: string;
}
