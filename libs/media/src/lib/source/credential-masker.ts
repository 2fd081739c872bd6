/**
 * The one place that hides camera credentials. Every URL (or text that may contain one,
 * such as ffmpeg's stderr) passes through `maskCredentials` before it reaches a log line,
 * an API response or an error message.
 */
const MASK = '***';

/**
 * `scheme://USER-INFO@host`: the user-info runs to the LAST '@' before the next space. Cameras'
 * passwords contain anything ('@', '/', '#', '?', ':', quotes, '%'), typed unencoded, so no
 * other character may end it; when in doubt more is hidden, never less.
 */
const URL_USER_INFO = /([a-z][a-z0-9+.-]*:\/\/)(\S*)@/gi;

/**
 * `user:password` keeps the user name (it helps to tell cameras apart) and hides the rest,
 * which may hold '/', '?' or '#'. Without a colon before the first of those, a user-info with
 * none of them is a token (`http://TOKEN@host/`, as some cameras use) and is hidden whole;
 * with one, the '@' is in the path or query, where the secret keys below are hidden.
 */
function maskUserInfo(match: string, prefix: string, userInfo: string): string {
  const authority = userInfo.split(/[/?#]/, 1)[0];
  const colon = authority.indexOf(':');
  if (colon >= 0) return `${prefix}${authority.slice(0, colon)}:${MASK}@`;
  return authority === userInfo ? `${prefix}${MASK}@` : match;
}

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
  return text.replace(URL_USER_INFO, maskUserInfo).replace(SECRET_PARAMS, `$1${MASK}`);
}
