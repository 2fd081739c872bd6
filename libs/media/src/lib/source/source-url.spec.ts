import { parseSourceUrl, SourceUrlError } from './source-url';

describe('parseSourceUrl', () => {
  it.each([
    ['rtsp://cam.local:554/stream', 'rtsp'],
    ['RTSP://cam.local/stream', 'rtsp'],
    ['rtsps://cam.local/stream', 'rtsps'],
    ['http://127.0.0.1:8081/mjpeg', 'http'],
    ['https://cam.example/video.mjpg', 'https'],
  ])('accepts %s', (url, scheme) => {
    expect(parseSourceUrl(url).scheme).toBe(scheme);
  });

  it('masks credentials in the parsed result', () => {
    expect(parseSourceUrl('rtsp://admin:secret@cam/s').masked).toBe('rtsp://admin:***@cam/s');
  });

  it.each([
    ['file:///etc/passwd', /scheme "file:" is not allowed/],
    ['concat:/etc/passwd|/etc/hosts', /scheme "concat:" is not allowed/],
    ['subfile,,start,0,end,100,,:/etc/passwd', /must start with|not allowed/],
    ['pipe:0', /scheme "pipe:" is not allowed/],
    ['data:text/plain;base64,aGk=', /scheme "data:" is not allowed/],
    ['tcp://127.0.0.1:22', /scheme "tcp:" is not allowed/],
    ['udp://127.0.0.1:5000', /scheme "udp:" is not allowed/],
    ['gopher://127.0.0.1:70/', /scheme "gopher:" is not allowed/],
    ['/etc/passwd', /must start with/],
    ['rtsp://cam/s -i /etc/passwd', /spaces or control characters/],
    ['rtsp://cam/s\n-f', /spaces or control characters/],
    ['rtsp:cam/stream', /must have the form/],
    ['http://', /not a valid URL|must name a host/],
    ['', /non-empty/],
    [`rtsp://cam/${'a'.repeat(2100)}`, /limit is 2048/],
    ['crypto+rtsp://cam/s', /not allowed/],
    ['rtsp://cam/a|file:/etc/passwd', /'\|'/],
  ])('refuses %s', (url, message) => {
    expect(() => parseSourceUrl(url)).toThrow(SourceUrlError);
    expect(() => parseSourceUrl(url)).toThrow(message);
  });

  it.each([
    ['rtsp://admin:50%off@cam/s', 'password'],
    ['http://admin:pa%zzss@cam/video.mjpg', 'password'],
    ['rtsp://admin:%E0%A4%A@cam/s', 'password'],
    ['rtsp://ad%min:secret@cam/s', 'user name'],
  ])('refuses %s naming the %s, without showing it', (url, part) => {
    expect(() => parseSourceUrl(url)).toThrow(
      new RegExp(`^the ${part} in url has a malformed percent-escape`),
    );
    try {
      parseSourceUrl(url);
    } catch (error) {
      expect((error as Error).message).not.toMatch(/off|zz|E0|ad%min|secret/);
    }
  });

  it('accepts well-formed escapes in credentials', () => {
    expect(parseSourceUrl('rtsp://admin:50%25off%40home@cam/s').masked).toBe(
      'rtsp://admin:***@cam/s',
    );
  });

  it('refuses a value that is not a string', () => {
    expect(() => parseSourceUrl(42)).toThrow('url must be a non-empty string');
  });
});
