import { classifyFfmpegFailure, classifySocketError, isDefinitiveFailure } from './source-failure';

describe('classifying ffmpeg failures', () => {
  it.each([
    [
      [
        '[rtsp @ 0x55d1] method DESCRIBE failed: 401 Unauthorized',
        'rtsp://a:***@h/s: Server returned 401 Unauthorized (authorization failed)',
      ],
      'unauthorized',
      'Server returned 401 Unauthorized (authorization failed)',
    ],
    [
      [
        '[rtsp @ 0x1] method DESCRIBE failed: 404 Not Found',
        'rtsp://h/x: Server returned 404 Not Found',
      ],
      'not_found',
      'Server returned 404 Not Found',
    ],
    [
      [
        '[tcp @ 0xab] Connection to tcp://h:1?timeout=0 failed: Connection refused',
        'rtsp://h:1/s: Connection refused',
      ],
      'refused',
      'Connection refused',
    ],
    [['rtsp://h/s: Connection timed out'], 'timeout', 'Connection timed out'],
    [
      ['rtsp://h/s: Invalid data found when processing input'],
      'unreachable',
      'Invalid data found when processing input',
    ],
    [[], 'unreachable', 'ffmpeg exited with code 1'],
  ])('%j → %s', (lines, kind, detail) => {
    const failure = classifyFfmpegFailure(lines, 'ffmpeg exited with code 1');
    expect(failure.kind).toBe(kind);
    expect(failure.detail).toBe(detail);
  });

  it('classifies socket errors of the MJPEG client and of the RTSP relay', () => {
    const error = (code: string) => Object.assign(new Error(`connect ${code}`), { code });
    expect(classifySocketError(error('ECONNREFUSED')).kind).toBe('refused');
    expect(classifySocketError(error('DEPTH_ZERO_SELF_SIGNED_CERT'))).toMatchObject({
      kind: 'unreachable',
      detail: expect.stringMatching(
        /^the camera's TLS certificate could not be verified \(DEPTH_ZERO_SELF_SIGNED_CERT: .*"insecure_tls": true$/,
      ),
    });
    expect(classifySocketError(error('ETIMEDOUT')).kind).toBe('timeout');
    expect(classifySocketError(error('ENOTFOUND'))).toMatchObject({
      kind: 'unreachable',
      detail: 'ENOTFOUND: connect ENOTFOUND',
    });
  });

  it('retries only what another attempt can fix', () => {
    expect(
      ['timeout', 'refused', 'unreachable'].every((k) => !isDefinitiveFailure(k as never)),
    ).toBe(true);
    expect(isDefinitiveFailure('unauthorized')).toBe(true);
    expect(isDefinitiveFailure('unsupported_content_type')).toBe(true);
  });
});
