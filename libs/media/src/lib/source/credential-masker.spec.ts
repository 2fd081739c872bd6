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
});
