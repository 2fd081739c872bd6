/**
 * The one place that hides camera credentials. Every URL (or text that may contain one,
 * such as ffmpeg's stderr) passes through `maskCredentials` before it reaches a log line,
 * an API response or an error message.
 */
const MASK = '***';

const SCHEME_CHARACTER = /[a-z0-9+.-]/i;
const LETTER = /[a-z]/i;
const SPACE = /\s/;

/**
 * `scheme://USER-INFO@host`: the user-info runs to the LAST '@' before the next space. Cameras'
 * passwords contain anything ('@', '/', '#', '?', ':', quotes, '%'), typed unencoded, so no
 * other character may end it; when in doubt more is hidden, never less.
 *
 * What `/([a-z][a-z0-9+.-]*:\/\/)(\S*)@/gi` finds, in one pass over the text: that expression
 * backtracks over every start in a long run of letters (or of `://`s), quadratic in its length:
 * a 404 echoing a 16 KB path took 0.3 s to mask, an unknown 60 KB field name 4 s, during which
 * the event loop served no viewer and fed no recorder.
 */
function maskUserInfos(text: string): string {
  let masked = '';
  let copied = 0;
  let separator = text.indexOf('://');
  let runStart = 0;
  while (separator >= 0 && runStart < text.length) {
    // The next run of non-space characters: a user-info never spans a space.
    while (runStart < text.length && SPACE.test(text[runStart])) runStart++;
    let runEnd = runStart;
    while (runEnd < text.length && !SPACE.test(text[runEnd])) runEnd++;
    const lastAt = text.lastIndexOf('@', runEnd - 1);
    let from = runStart;
    while (lastAt >= from) {
      if (separator >= 0 && separator < from) separator = text.indexOf('://', from);
      if (separator < 0 || separator + 3 > lastAt) break;
      // The scheme: from the first letter of the scheme characters before `://`.
      let start = separator;
      while (start > from && SCHEME_CHARACTER.test(text[start - 1])) start--;
      while (start < separator && !LETTER.test(text[start])) start++;
      if (start === separator) {
        from = separator + 1;
        continue;
      }
      const prefix = text.slice(start, separator + 3);
      const userInfo = text.slice(separator + 3, lastAt);
      masked += text.slice(copied, start) + maskUserInfo(`${prefix}${userInfo}@`, prefix, userInfo);
      copied = lastAt + 1;
      break;
    }
    runStart = runEnd;
  }
  return masked + text.slice(copied);
}

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
  return maskUserInfos(text).replace(SECRET_PARAMS, `$1${MASK}`);
}
