import { DeviceAddressError, parseDeviceAddress, refusedIp } from './device-address';

describe('parseDeviceAddress', () => {
  it.each([
    [
      '192.168.1.10',
      { secure: false, host: '192.168.1.10', port: 80, path: '/onvif/device_service' },
    ],
    [
      'cam.local:8080',
      { secure: false, host: 'cam.local', port: 8080, path: '/onvif/device_service' },
    ],
    [
      '[fd00::10]:8000',
      { secure: false, host: 'fd00::10', port: 8000, path: '/onvif/device_service' },
    ],
    ['fd00::10', { secure: false, host: 'fd00::10', port: 80, path: '/onvif/device_service' }],
    [
      'http://192.168.1.10/onvif/device_service',
      { secure: false, host: '192.168.1.10', port: 80, path: '/onvif/device_service' },
    ],
    [
      'HTTPS://cam.lan:8443/onvif/device',
      { secure: true, host: 'cam.lan', port: 8443, path: '/onvif/device' },
    ],
    [
      'https://cam.lan',
      { secure: true, host: 'cam.lan', port: 443, path: '/onvif/device_service' },
    ],
  ])('reads %s', (input, expected) => {
    expect(parseDeviceAddress(input)).toEqual(expected);
  });

  it.each([
    ['rtsp://cam/stream', /scheme "rtsp:" is not allowed/],
    ['file:///etc/passwd', /scheme "file:" is not allowed/],
    ['javascript:alert(1)', /"javascript:" is not a device address/],
    ['http://a:b@cam/', /must not hold credentials/],
    ['cam:0', /port must be from 1 to 65535|not a host/],
    ['  ', /must not be empty/],
    ['cam\nHost: evil', /spaces or control characters/],
    ['x'.repeat(600), /longer than 512/],
  ])('refuses %j', (input, message) => {
    expect(() => parseDeviceAddress(input)).toThrow(DeviceAddressError);
    expect(() => parseDeviceAddress(input)).toThrow(message);
  });
});

describe('refusedIp', () => {
  it.each([
    '192.168.1.10',
    '10.0.0.5',
    '172.16.3.4',
    '127.0.0.1',
    '8.8.8.8',
    '::1',
    'fd00::1',
    '2001:db8::1',
  ])('allows %s (cameras can be anywhere)', (ip) => expect(refusedIp(ip)).toBeNull());

  it.each([
    ['169.254.169.254', /link-local/],
    ['169.254.1.1', /link-local/],
    ['fe80::1', /link-local/],
    ['fd00:ec2::254', /link-local|metadata/],
    ['::ffff:169.254.169.254', /169\.254\.169\.254 is a link-local/],
    ['::ffff:a9fe:a9fe', /169\.254\.169\.254 is a link-local/],
    ['0.0.0.0', /not a unicast/],
    ['::', /not a unicast/],
    ['224.0.0.1', /not a unicast/],
    ['239.255.255.250', /not a unicast/],
    ['255.255.255.255', /not a unicast/],
    ['ff02::1', /not a unicast/],
  ])('refuses %s', (ip, message) => expect(refusedIp(ip)).toMatch(message));
});
