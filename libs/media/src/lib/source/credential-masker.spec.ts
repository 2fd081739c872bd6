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
      'http://cam/video.cgi?user=admin&password=***',
    ],
    ['http://cam/video.cgi?pwd=hunter2&res=hd', 'http://cam/video.cgi?pwd=***&res=hd'],
    ['https://cam/live?token=abc.def-123', 'https://cam/live?token=***'],
    ['rtsp://cam/live?channel=1&PASSWORD=x;y', 'rtsp://cam/live?channel=1&PASSWORD=***;y'],
    ['http://cam/mjpeg?access_token=zzz#frag', 'http://cam/mjpeg?access_token=***#frag'],
    ['rtsp://user:secret@[::1]:8554/s', 'rtsp://user:***@[::1]:8554/s'],
    ['rtsp://cam.local/stream', 'rtsp://cam.local/stream'],
    ['rtsp://onlyuser@cam.local/stream', 'rtsp://onlyuser@cam.local/stream'],
    ['http://user:pass%40word@cam/x', 'http://user:***@cam/x'],
  ];

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
