import {
  createRoute,
  relayUrlOf,
  RelayUrlError,
  rtpInfoToRelay,
  tokenOf,
  toCameraUrl,
  toRelayUrl,
} from './relay-route';

describe('relay routes', () => {
  const route = createRoute(
    'cam',
    'ab12',
    8000,
    'rtsp://ad%40min:p%3Ass@cam.local/cam/realmonitor?channel=1&subtype=0',
    { verifyTls: true, connectTimeoutMs: 1000 },
  );
  const base = 'rtsp://127.0.0.1:8000/relay-ab12';

  it('keeps credentials, path and query out of the relay URL', () => {
    expect(relayUrlOf(route)).toBe(base);
    expect(route).toMatchObject({ host: 'cam.local', port: 554, tls: false });
    expect(route).toMatchObject({ user: 'ad@min', password: 'p:ss' });
    expect(route.cameraOrigin).toBe('rtsp://cam.local');
  });

  it('maps the relay URL to the whole camera URL and paths below it to camera paths', () => {
    expect(toCameraUrl(route, base)).toBe('rtsp://cam.local/cam/realmonitor?channel=1&subtype=0');
    expect(toCameraUrl(route, `${base}/cam/realmonitor?channel=1&subtype=0/trackID=0`)).toBe(
      'rtsp://cam.local/cam/realmonitor?channel=1&subtype=0/trackID=0',
    );
    expect(toCameraUrl(route, 'rtsp://10.0.0.9/track1')).toBe('rtsp://10.0.0.9/track1');
    expect(toCameraUrl(route, `${base}0/x`)).toBe(`${base}0/x`);
  });

  it('maps only URLs on the relay itself: ffmpeg talks to it directly, not through another hop', () => {
    const elsewhere = base.replace(/^rtsp:\/\/[^/]+/, 'rtsp://127.0.0.1:40001');
    expect(toCameraUrl(route, elsewhere)).toBe(elsewhere);
    expect(toCameraUrl(route, `${elsewhere}/trackID=0`)).toBe(`${elsewhere}/trackID=0`);
    expect(toCameraUrl(route, `${base}/trackID=0`)).toBe('rtsp://cam.local/trackID=0');
  });

  it('maps camera URLs of any host (and credentials) back below the relay URL', () => {
    expect(toRelayUrl(route, 'rtsp://u:p@192.168.1.9:554/cam/x?y=1/')).toBe(`${base}/cam/x?y=1/`);
    expect(toRelayUrl(route, 'trackID=1')).toBe('trackID=1');
    expect(
      rtpInfoToRelay(
        route,
        'url=rtsp://cam.local/s/trackID=0;seq=1;rtptime=2, url=rtsp://cam.local/s/trackID=1;seq=3',
      ),
    ).toBe(`url=${base}/s/trackID=0;seq=1;rtptime=2, url=${base}/s/trackID=1;seq=3`);
  });

  it('reads the token of a relay URL', () => {
    expect(tokenOf(`${base}/s/trackID=0`)).toBe('ab12');
    expect(tokenOf(base)).toBe('ab12');
    expect(tokenOf('rtsp://127.0.0.1:8000/relay-ab12x')).toBeNull();
    expect(tokenOf('rtsp://127.0.0.1:8000/stream')).toBeNull();
  });

  it('uses the rtsps default port and refuses other schemes', () => {
    const options = { verifyTls: true, connectTimeoutMs: 1000 };
    expect(createRoute('c', 't', 1, 'rtsps://u:p@cam', options)).toMatchObject({
      port: 322,
      tls: true,
    });
    expect(() => createRoute('c', 't', 1, 'http://u:p@cam', options)).toThrow(RelayUrlError);
  });
});
