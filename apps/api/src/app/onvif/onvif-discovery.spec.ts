import type { RemoteInfo } from 'node:dgram';
import type { CameraListResponse } from '@camrec/shared-types';
import type { CamerasService } from '../cameras/cameras.service';
import { AppConfig } from '../config/app-config';
import { MAX_DEVICES, OnvifDiscovery } from './onvif-discovery';
import type { ProbeOptions, Prober } from './onvif-probe';

const from = (address: string): RemoteInfo => ({ address, family: 'IPv4', port: 3702, size: 1 });
const match = (endpoint: string) => ({
  probeMatches: {
    probeMatch: {
      endpointReference: { address: endpoint },
      XAddrs: 'http://10.0.0.9/onvif/device_service',
    },
  },
});
const cameras = {
  list: (): CameraListResponse => ({
    cameras: [
      { id: 'cam1', name: 'Porch', url: 'rtsp://admin:***@10.0.0.9:554/main', substream_url: null },
    ] as never,
    max_cameras: 32,
  }),
} as unknown as CamerasService;

function discovery(prober: Prober, settings: Partial<AppConfig> = {}): OnvifDiscovery {
  return new OnvifDiscovery(
    Object.assign(new AppConfig(), { onvif_interface: 'lo', ...settings }),
    cameras,
    prober,
  );
}

describe('OnvifDiscovery', () => {
  it('shares one probe between callers and marks devices a saved camera reads', async () => {
    const probes: ProbeOptions[] = [];
    let finish: () => void = () => undefined;
    const prober: Prober = (options) => {
      probes.push(options);
      options.onMatch(match('urn:uuid:a'), from('10.0.0.9'));
      options.onMatch(match('urn:uuid:a'), from('10.0.0.9'));
      options.onMatch(match('urn:uuid:b'), from('10.0.0.10'));
      return new Promise((resolve) => (finish = () => resolve({ malformed: 0 })));
    };
    const service = discovery(prober);
    const calls = [service.discover(1000), service.discover(2000)];
    finish();
    const [first, second] = await Promise.all(calls);
    expect(probes).toHaveLength(1);
    expect(probes[0]).toMatchObject({ timeoutMs: 1000, device: 'lo' });
    expect(second).toEqual(first);
    expect(first.devices.map((d) => [d.address, d.endpoint, d.saved_cameras])).toEqual([
      ['10.0.0.9', 'urn:uuid:a', [{ id: 'cam1', name: 'Porch' }]],
      ['10.0.0.10', 'urn:uuid:b', []],
    ]);
    // The next call probes again.
    const third = service.discover(500);
    finish();
    await third;
    expect(probes).toHaveLength(2);
  });

  it(`lists at most ${MAX_DEVICES} devices and says so`, async () => {
    const prober: Prober = async (options) => {
      for (let i = 0; i < MAX_DEVICES + 10; i++)
        options.onMatch(match(`urn:uuid:${i}`), from('10.0.0.9'));
      return { malformed: 3 };
    };
    const answer = await discovery(prober).discover(500);
    expect(answer.devices).toHaveLength(MAX_DEVICES);
    expect(answer.truncated).toBe(true);
  });

  it('answers 503 when the probe cannot be sent or the interface does not exist', async () => {
    const failing: Prober = async () => {
      throw Object.assign(new Error('send ENETUNREACH 239.255.255.250:3702'), {
        code: 'ENETUNREACH',
      });
    };
    await expect(discovery(failing).discover()).rejects.toMatchObject({
      status: 503,
      message: expect.stringMatching(/could not send its probe .* from lo: send ENETUNREACH/),
    });
    const unused: Prober = async () => ({ malformed: 0 });
    await expect(
      discovery(unused, { onvif_interface: 'nosuch0' }).discover(),
    ).rejects.toMatchObject({
      status: 503,
      message: expect.stringMatching(
        /onvif_interface "nosuch0" does not exist on this machine \(interfaces: lo/,
      ),
    });
  });
});
