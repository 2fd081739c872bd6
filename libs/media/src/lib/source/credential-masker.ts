/**
 * The one place that hides camera credentials. Every URL (or text that may contain one,
 * such as ffmpeg's stderr) passes through `maskCredentials` before it reaches a log line,
 * an API response or an error message.
 */
const MASK = '***';

/**
 * `scheme://user:password@host`: the password runs to the last '@' of the authority
 * (cameras' passwords often contain an unencoded '@'); the authority ends at / ? # or space.
 */
const URL_PASSWORD = /([a-z][a-z0-9+.-]*:\/\/[^/?#\s:@"'<>]*:)[^/?#\s"'<>]*@/gi;

/** Query parameters whose values are secrets. */
const SECRET_PARAMS =
  /([?&;](?:password|passwd|pwd|pass|token|access_token|auth|key|api_key|apikey|secret|signature|sig)=)[^&;#\s"'<>]*/gi;

export function maskCredentials(text: string): string {
  return text.replace(URL_PASSWORD, `$1${MASK}@`).replace(SECRET_PARAMS, `$1${MASK}`);
}
