import { maskCredentials } from './credential-masker';

describe('maskCredentials', () => {
  const cases: Array<[string, string]> = [
    ['rtsp://user:secret@cam.local/stream', 'rtsp://user:***@cam.local/stream'],
    ['rtsp://admin:p@ss@192.168.1.10:554/h264', 'rtsp://admin:***@192.168.1.10:554/h264'],
    ['rtsps://u:s3cr3t@host:322/path?x=1', 'rtsps://u:***@host:322/path?x=1'],
    ['http://admin:12345@10.0.0.2/video.mjpg', 'http://admin:***@10.0.0.2/video.mjpg'],
    ['https://viewer:pa:ss@cam.example/mjpeg', 'https://viewer:***@cam.example/mjpeg'],
    ['rtsp://admin:@cam/stream', 'rtsp://admin:***@cam/stream'],
    [
      'http://cam/video.cgi?user=admin&password=hunter2',
      'http://cam/video.cgi?user=***&password=***',
    ],
    ['http://cam/video.cgi?pwd=hunter2&res=hd', 'http://cam/video.cgi?pwd=***&res=hd'],
    ['https://cam/live?token=abc.def-123', 'https://cam/live?token=***'],
    ['rtsp://cam/live?channel=1&PASSWORD=x;y', 'rtsp://cam/live?channel=1&PASSWORD=***'],
    ['http://cam/mjpeg?access_token=zzz#frag', 'http://cam/mjpeg?access_token=***'],
    ['rtsp://user:secret@[::1]:8554/s', 'rtsp://user:***@[::1]:8554/s'],
    ['rtsp://cam.local/stream', 'rtsp://cam.local/stream'],
    // A user-info without a colon is a token on some cameras: hidden whole.
    ['rtsp://onlyuser@cam.local/stream', 'rtsp://***@cam.local/stream'],
    ['http://0123456789abcdef@cam.local/mjpeg', 'http://***@cam.local/mjpeg'],
    ['rtsp://us"er:secret@cam/x', 'rtsp://us"er:***@cam/x'],
    // An '@' in the path is not a user-info.
    ['http://cam/snapshot@2x.jpg', 'http://cam/snapshot@2x.jpg'],
    ['http://user:pass%40word@cam/x', 'http://user:***@cam/x'],
  ];

  /** Passwords with every character cameras allow, typed unencoded into the URL. */
  const PASSWORDS = [
    "it's",
    'a/b',
    'a#b',
    'a?b',
    'a@b',
    '100%',
    'a:b:c',
    'q"uo<te>',
    'semi;colon',
    'back\\slash',
    'all\'/#?@%:;"',
  ];

  it.each(PASSWORDS)('hides the password %s in a URL, alone and inside text', (password) => {
    const url = `rtsp://admin:${password}@192.168.1.10:554/stream`;
    for (const text of [
      url,
      `Input #0, rtsp, from '${url}':`,
      `url is not a valid URL: ${url}`,
      `could not open ${url} (HTTP 401)`,
    ]) {
      const masked = maskCredentials(text);
      expect(masked).not.toContain(password);
      expect(masked).toContain('rtsp://admin:***@');
    }
  });

  const KEYS = [
    'user',
    'username',
    'pass',
    'password',
    'pwd',
    'passwd',
    'psw',
    'loginuse',
    'loginpas',
    'passcode',
    'token',
    'auth',
    'key',
    'apikey',
    'api_key',
    'access_token',
  ];

  it.each(KEYS)('hides the value of the query key %s, whatever it contains', (key) => {
    for (const value of ['s3cret', "it's", 'a;b', 'a#b', 'a/b', 'a%zz', 'a@b']) {
      for (const text of [
        `http://cam/videostream.cgi?${key}=${value}&rate=0`,
        `http://cam/videostream.cgi?rate=0&${key.toUpperCase()}=${value}`,
        `from 'http://cam/x.cgi?${key}=${value}':`,
      ]) {
        const masked = maskCredentials(text);
        expect(masked).not.toContain(value);
        expect(masked).toMatch(new RegExp(`${key}=\\*\\*\\*`, 'i'));
      }
    }
  });

  it.each(cases)('masks %s', (input, expected) => {
    expect(maskCredentials(input)).toBe(expected);
  });

  it('masks every URL inside a longer text such as ffmpeg stderr', () => {
    const stderr =
      "[rtsp @ 0x55] method DESCRIBE failed: 401 Unauthorized\nrtsp://a:one@h1/x: Server returned 401\nInput #0, rtsp, from 'rtsp://b:two@h2:554/y':";
    const masked = maskCredentials(stderr);
    expect(masked).not.toContain('one@');
    expect(masked).not.toContain('two@');
    expect(masked).toContain('rtsp://a:***@h1/x');
    expect(masked).toContain("'rtsp://b:***@h2:554/y'");
  });

  /** The expression the masker's user-info pass stands for (see maskUserInfos). */
  function byExpression(text: string): string {
    return text.replace(
      /([a-z][a-z0-9+.-]*:\/\/)(\S*)@/gi,
      (match, prefix: string, userInfo: string) => {
        const authority = userInfo.split(/[/?#]/, 1)[0];
        const colon = authority.indexOf(':');
        if (colon >= 0) return `${prefix}${authority.slice(0, colon)}:***@`;
        return authority === userInfo ? `${prefix}***@` : match;
      },
    );
  }

  it('masks user-infos exactly as the regular expression would, on any text', () => {
    // No '=' among the pieces: only the user-info pass is at work.
    const pieces = [
      'a',
      'Z',
      '1',
      '+',
      '.',
      '-',
      ':',
      '/',
      '@',
      '?',
      '#',
      ' ',
      '\n',
      '://',
      'rtsp://',
    ];
    let seed = 42;
    const random = (n: number) => {
      // mulberry32
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) % n;
    };
    let changed = 0;
    for (let i = 0; i < 20_000; i++) {
      const length = random(30);
      const text = Array.from({ length }, () => pieces[random(pieces.length)]).join('');
      const expected = byExpression(text);
      expect(maskCredentials(text)).toBe(expected);
      if (expected !== text) changed++;
    }
    expect(changed).toBeGreaterThan(2000);
  });

  // The expression backtracked over every start of a run of letters: 64 KB took seconds.
  it.each([
    ['letters', `Cannot GET /cameras/${'a'.repeat(64_000)}`],
    ['letters and digits', 'a1'.repeat(32_000)],
    ["'://'s", 'a://'.repeat(16_000)],
    ["'@'s", 'a@ '.repeat(21_000)],
    ["'://'s and '@'s", 'a://@'.repeat(13_000)],
  ])('masks 64 KB of %s in linear time', (_what, text) => {
    const started = performance.now();
    maskCredentials(text);
    expect(performance.now() - started).toBeLessThan(100);
  });
});
