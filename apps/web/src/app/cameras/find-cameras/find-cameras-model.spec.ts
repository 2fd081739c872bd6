import type { OnvifDevice, OnvifProfile, OnvifProfilesResponse } from '@camrec/shared-types';
import { NEW_CAMERA } from '../camera-form-model';
import { describeProfile, deviceAddress, valuesWithStreams } from './find-cameras-model';

const device = (fields: Partial<OnvifDevice> = {}): OnvifDevice => ({
  address: '192.168.1.20',
  port: 80,
  xaddrs: [],
  endpoint: 'urn:uuid:1',
  name: 'Garden',
  hardware: null,
  location: null,
  scopes: [],
  saved_cameras: [],
  ...fields,
});
const answer = (main: string | null, sub: string | null): OnvifProfilesResponse => ({
  address: '192.168.1.20',
  port: 80,
  device: { manufacturer: 'Acme', model: 'IPC-1', firmware_version: '1' },
  profiles: [],
  main_stream_uri: main,
  substream_uri: sub,
});

describe('find cameras model', () => {
  it('reads a device at the service URL it announced on the address that answered', () => {
    expect(
      deviceAddress(
        device({ xaddrs: ['http://10.0.0.1/x', 'http://192.168.1.20:8080/onvif/device_service'] }),
      ),
    ).toBe('http://192.168.1.20:8080/onvif/device_service');
    expect(deviceAddress(device({ port: 8000 }))).toBe('192.168.1.20:8000');
    expect(deviceAddress(device({ address: 'fd00::5', port: 80 }))).toBe('[fd00::5]');
  });

  it('fills the URLs, and the name only when none was typed', () => {
    const filled = valuesWithStreams(NEW_CAMERA, answer('rtsp://a/main', 'rtsp://a/sub'), device());
    expect(filled).toEqual({
      ...NEW_CAMERA,
      name: 'Garden',
      url: 'rtsp://a/main',
      substreamUrl: 'rtsp://a/sub',
    });
    const named = { ...NEW_CAMERA, name: 'Back yard', substreamUrl: 'rtsp://old/sub' };
    expect(valuesWithStreams(named, answer('rtsp://a/main', null), null)).toEqual({
      ...named,
      url: 'rtsp://a/main',
      substreamUrl: '',
    });
    expect(valuesWithStreams(NEW_CAMERA, answer('rtsp://a/main', null), null).name).toBe('IPC-1');
    expect(valuesWithStreams(named, answer(null, null), device())).toBe(named);
    // The login the streams were read with is kept for PTZ.
    const onvif = { address: '192.168.1.20', username: 'admin', password: 'pw' };
    expect(valuesWithStreams(NEW_CAMERA, answer('rtsp://a/main', null), null, onvif).onvif).toBe(onvif); // prettier-ignore
  });

  it('describes a profile in a few words', () => {
    const profile: OnvifProfile = {
      token: 't',
      name: 'main',
      encoding: 'H265',
      width: 2560,
      height: 1440,
      fps: 20,
      bitrate_kbps: 4096,
      stream_uri: 'rtsp://a/main',
      stream_error: null,
      role: 'main',
    };
    expect(describeProfile(profile)).toBe('2560×1440 H265, 20 fps, 4096 kbit/s');
    expect(
      describeProfile({
        ...profile,
        width: null,
        height: null,
        encoding: null,
        fps: null,
        bitrate_kbps: null,
      }),
    ).toBe('no video details given');
  });
});
