import { deviceOfProbeMatch } from './probe-match';

/** A ProbeMatches message as the onvif client hands it over (xml2js, linerased). */
const match = (fields: Record<string, unknown>) => ({
  probeMatches: {
    probeMatch: {
      endpointReference: { address: 'urn:uuid:1' },
      types: 'dn:NetworkVideoTransmitter tds:Device',
      metadataVersion: 1,
      ...fields,
    },
  },
});

describe('deviceOfProbeMatch', () => {
  it('decodes name, hardware and location scopes and finds the port on the answering address', () => {
    const device = deviceOfProbeMatch(
      match({
        XAddrs:
          'http://[fd00::5]/onvif/device_service http://192.168.1.10:8080/onvif/device_service',
        scopes:
          'onvif://www.onvif.org/Profile/Streaming onvif://www.onvif.org/name/Front%20door onvif://www.onvif.org/hardware/DS-2CD onvif://www.onvif.org/location/country/france onvif://www.onvif.org/location/building/garage',
      }),
      '192.168.1.10',
    );
    expect(device).toEqual({
      address: '192.168.1.10',
      port: 8080,
      xaddrs: [
        'http://[fd00::5]/onvif/device_service',
        'http://192.168.1.10:8080/onvif/device_service',
      ],
      endpoint: 'urn:uuid:1',
      name: 'Front door',
      hardware: 'DS-2CD',
      location: 'country/france, building/garage',
      scopes: expect.arrayContaining(['onvif://www.onvif.org/Profile/Streaming']),
    });
  });

  it('reads scopes with a MatchBy attribute and defaults the port to 80', () => {
    const device = deviceOfProbeMatch(
      match({ scopes: { _: 'onvif://www.onvif.org/name/A', $: { MatchBy: 'x' } } }),
      '10.0.0.2',
    );
    expect(device).toMatchObject({ name: 'A', port: 80, xaddrs: [] });
  });

  it('keeps nothing unbounded or malformed from a hostile answer', () => {
    expect(deviceOfProbeMatch({}, '10.0.0.2')).toBeNull();
    expect(deviceOfProbeMatch('garbage', '10.0.0.2')).toBeNull();
    expect(deviceOfProbeMatch(match({ endpointReference: {} }), '10.0.0.2')).toBeNull();
    expect(deviceOfProbeMatch(match({}), 'not-an-ip')).toBeNull();
    const device = deviceOfProbeMatch(
      match({
        XAddrs: `javascript:alert(1) file:///etc/passwd http://ok/${'x'.repeat(600)} ${Array.from({ length: 20 }, (_, i) => `http://10.0.0.${i}/`).join(' ')}`,
        scopes: `onvif://www.onvif.org/name/%E0%A4%A onvif://www.onvif.org/hardware/a%00b ${Array.from({ length: 50 }, (_, i) => `urn:s${i}`).join(' ')}`,
      }),
      '10.0.0.2',
    );
    expect(device?.xaddrs).toHaveLength(8);
    expect(device?.xaddrs.every((uri) => uri.startsWith('http://10.0.0.'))).toBe(true);
    expect(device?.port).toBe(80);
    expect(device?.scopes).toHaveLength(32);
    expect(device?.name).toBe('%E0%A4%A');
    expect(device?.hardware).toBe('a b');
  });
});
