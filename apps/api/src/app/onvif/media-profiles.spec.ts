import type { OnvifProfile } from '@camrec/shared-types';
import { assignRoles, streamUriWithCredentials, summariseProfile } from './media-profiles';

/** A profile as the onvif client hands it over (xml2js, linerased). */
const raw = (token: string, width: number, height: number, encoding = 'H264') => ({
  $: { token, fixed: true },
  name: `${token} name`,
  videoEncoderConfiguration: {
    $: { token: `enc-${token}` },
    encoding,
    resolution: { width, height },
    rateControl: { frameRateLimit: 25, encodingInterval: 1, bitrateLimit: 2048 },
  },
});

const profile = (
  token: string,
  width: number | null,
  height: number | null,
  uri: string | null,
): OnvifProfile => ({
  token,
  name: token,
  encoding: 'H264',
  width,
  height,
  fps: null,
  bitrate_kbps: null,
  stream_uri: uri,
  stream_error: uri ? null : 'none',
  role: null,
});

describe('summariseProfile', () => {
  it('reads token, name, encoding, resolution, frame rate and bitrate', () => {
    expect(summariseProfile(raw('main', 1920, 1080))).toEqual({
      token: 'main',
      name: 'main name',
      encoding: 'H264',
      width: 1920,
      height: 1080,
      fps: 25,
      bitrate_kbps: 2048,
    });
    expect(summariseProfile(raw('p', 640, 480, 'hevc'))?.encoding).toBe('H265');
    expect(summariseProfile(raw('p', 640, 480, 'JPEG'))?.encoding).toBe('JPEG');
  });

  it('keeps only bounded, well-formed values from a device', () => {
    expect(summariseProfile({ name: 'no token' })).toBeNull();
    expect(summariseProfile({ $: { token: 'x'.repeat(65) } })).toBeNull();
    expect(summariseProfile('garbage')).toBeNull();
    expect(
      summariseProfile({
        $: { token: 't' },
        videoEncoderConfiguration: { resolution: { width: -1, height: 1e9 } },
      }),
    ).toEqual({
      token: 't',
      name: 't',
      encoding: null,
      width: null,
      height: null,
      fps: null,
      bitrate_kbps: null,
    });
    expect(summariseProfile({ $: { token: 't' }, name: 'a\u0000b\nc' })?.name).toBe('a b c');
  });
});

describe('streamUriWithCredentials', () => {
  it('puts the user name and password in, percent-encoded, replacing the device’s own', () => {
    expect(
      streamUriWithCredentials('rtsp://192.168.1.10:554/Streaming/101', 'admin', 'p@ss:w/rd%1 #'),
    ).toEqual({
      uri: 'rtsp://admin:p%40ss%3Aw%2Frd%251%20%23@192.168.1.10:554/Streaming/101',
    });
    expect(streamUriWithCredentials('RTSP://old:secret@cam/live?channel=1', 'admin', 'x')).toEqual({
      uri: 'rtsp://admin:x@cam/live?channel=1',
    });
    expect(streamUriWithCredentials({ _: 'rtsps://cam/s', $: {} }, 'u', '')).toEqual({
      uri: 'rtsps://u@cam/s',
    });
  });

  it('refuses what the server could not open', () => {
    expect(streamUriWithCredentials(undefined, 'a', 'b')).toEqual({
      error: 'the device gave no stream URI',
    });
    expect(streamUriWithCredentials('http://cam/mjpeg', 'a', 'b')).toEqual({
      error: expect.stringMatching(/not rtsp/),
    });
    expect(streamUriWithCredentials('rtsp://cam/a|b', 'a', 'b')).toEqual({
      error: expect.stringMatching(/cannot open/),
    });
    expect(streamUriWithCredentials(`rtsp://cam/${'x'.repeat(3000)}`, 'a', 'b')).toEqual({
      error: expect.stringMatching(/not a valid URL/),
    });
  });
});

describe('assignRoles', () => {
  it('makes the largest picture the main stream and the smallest the substream', () => {
    const roles = assignRoles([
      profile('mid', 1280, 720, 'rtsp://cam/mid'),
      profile('big', 1920, 1080, 'rtsp://cam/big'),
      profile('small', 640, 360, 'rtsp://cam/small'),
      profile('tiny-no-uri', 320, 180, null),
    ]).map((p) => [p.token, p.role]);
    expect(roles).toEqual([
      ['mid', null],
      ['big', 'main'],
      ['small', 'sub'],
      ['tiny-no-uri', null],
    ]);
  });

  it('has no substream with one usable profile, or profiles of one size', () => {
    expect(assignRoles([profile('only', 1920, 1080, 'rtsp://cam/a')]).map((p) => p.role)).toEqual([
      'main',
    ]);
    expect(
      assignRoles([profile('a', 640, 360, 'rtsp://a'), profile('b', 640, 360, 'rtsp://b')]).map(
        (p) => p.role,
      ),
    ).toEqual(['main', null]);
    expect(
      assignRoles([profile('a', null, null, 'rtsp://a'), profile('b', null, null, 'rtsp://b')]).map(
        (p) => p.role,
      ),
    ).toEqual(['main', null]);
  });
});
