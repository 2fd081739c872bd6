import { BadRequestException } from '@nestjs/common';
import { checkCameraUrl } from './camera-url-check';

describe('checkCameraUrl', () => {
  it.each([
    ['file:///etc/passwd', /^substream_url scheme "file:" is not allowed/],
    ['rtsp://admin:50%zzoff@127.0.0.1/x', /^the password in substream_url has a malformed/],
    ['rtsp://ad%zzmin:pw@127.0.0.1/x', /^the user name in substream_url has a malformed/],
    ['rtsp://[::1/x', /^substream_url is not a valid URL: rtsp:\/\/\[::1\/x$/],
  ])('names substream_url when %s is refused as one', (url, message) => {
    expect(() => checkCameraUrl(url, 'substream_url')).toThrow(BadRequestException);
    expect(() => checkCameraUrl(url, 'substream_url')).toThrow(message);
  });

  it('names url as the check does, and never shows the password', () => {
    expect(() => checkCameraUrl('rtsp://admin:50%zzoff@127.0.0.1/x', 'url')).toThrow(
      /^the password in url has a malformed percent-escape/,
    );
    expect(() => checkCameraUrl('rtsp://admin:50%zzoff@127.0.0.1/x', 'url')).not.toThrow(/zzoff/);
  });

  it('takes a URL naming a variable', () => {
    expect(() =>
      checkCameraUrl('rtsp://admin:${PORCH}@127.0.0.1/x', 'substream_url'),
    ).not.toThrow();
  });
});
