/**
 * The one place that hides camera credentials. Every URL (or text that may contain one,
 * such as ffmpeg's stderr) passes through `maskCredentials` before it reaches a log line,
 * an API response or an error message.
 */
const MASK = '***';

/**
 * `scheme://user:password@host`: the password runs to the LAST '@' before the next space.
 * Cameras' passwords contain anything ('@', '/', '#', '?', ':', quotes, '%'), typed
 * unencoded, so no other character may end it; when in doubt more is hidden, never less.
 */
const URL_PASSWORD = /([a-z][a-z0-9+.-]*:\/\/[^\s/?#:@"'<>]*:)\S*@/gi;

/**
 * Query keys whose values are credentials on common cameras (Foscam `user`/`pwd`,
 * `loginuse`/`loginpas`, Axis/Hikvision `passwd`/`psw`, `passcode`, API tokens and keys).
 */
const SECRET_KEYS = [
  'user',
  'username',
  'usr',
  'login',
  'loginuse',
  'loginpas',
  'pass',
  'password',
  'passwd',
  'passcode',
  'pwd',
  'psw',
  'pw',
  'secret',
  'token',
  'access_token',
  'auth',
  'authorization',
  'key',
  'apikey',
  'api_key',
  'signature',
  'sig',
];

/** `?pwd=…` or `&pwd=…`: the value runs to the next '&' or space (it may hold ';', '#', quotes). */
const SECRET_PARAMS = new RegExp(`([?&;](?:${SECRET_KEYS.join('|')})=)[^&\\s]*`, 'gi');

export function maskCredentials(text: string): string {
  return text.replace(URL_PASSWORD, `$1${MASK}@`).replace(SECRET_PARAMS, `$1${MASK}`);
}
