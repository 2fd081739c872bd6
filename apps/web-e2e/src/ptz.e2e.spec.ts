import { startMjpegCamera } from '@camrec/testing/camera-sim';
import { waitFor } from '@camrec/testing';
import {
  startOnvifTestDevice,
  xmllintMissing,
  type OnvifTestDevice,
  type PtzVector,
} from '@camrec/testing/onvif';
import { useDashboardSuite } from './test-support/dashboard-suite';

const USER = 'operator';
const PASSWORD = 'ptz-secret';
const GATE = { token: 'Preset_1', name: 'Gate', position: { pan: -0.5, tilt: 0.25, zoom: 0.5 } };

/**
 * Issue "Fit into a home or site", PTZ: a saved camera whose ONVIF device has a PTZ head is
 * steered from its full-screen view: an arrow held moves it, released stops it, a preset
 * sends it there.
 */
describe('PTZ from the full-screen view', () => {
  const suite = useDashboardSuite();
  let device: OnvifTestDevice | null = null;

  beforeAll(() => {
    const missing = xmllintMissing();
    if (missing) throw new Error(missing);
  });
  afterAll(async () => {
    await device?.stop();
  });

  it('moves while the right arrow is held, stops when released, and goes to a preset', async () => {
    const camera = await suite.camera(startMjpegCamera({ width: 320, height: 180, fps: 10 }));
    device = await startOnvifTestDevice({
      username: USER,
      password: PASSWORD,
      name: 'Dome',
      profiles: [
        { token: 'Main', name: 'main', encoding: 'JPEG', width: 320, height: 180, fps: 10, bitrateKbps: 512, uri: camera.url }, // prettier-ignore
      ],
      ptz: { presets: [GATE], unitsPerSecond: 1 },
    });
    const head = device.ptz;
    if (!head) throw new Error('the device has no PTZ head');
    const ui = await suite.open();
    const saved = await fetch(`${ui.baseUrl}/cameras`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'Dome',
        url: camera.url,
        verify: false,
        onvif_address: device.xaddr,
        onvif_username: USER,
        onvif_password: PASSWORD,
      }),
    });
    expect(saved.status).toBe(201);

    const tile = ui.cameraTile('Dome');
    await ui.waitForState(ui.liveStream(tile), 'live');
    await tile.getByRole('button', { name: 'Show Dome full screen' }).click();
    const full = ui.page.getByRole('dialog', { name: 'Dome' });
    const right = full.getByRole('button', { name: 'Pan right' });
    await right.waitFor({ timeout: 10_000 });

    // Held: the pan rises while the button is down.
    const start: PtzVector = head.position();
    await right.hover();
    await ui.page.mouse.down();
    const quick = { timeoutMs: 5000, intervalMs: 50 };
    await waitFor('the pan rising', () => head.position().pan > start.pan + 0.1, quick);
    await ui.page.mouse.up();
    // Released: a stop arrives and the head stays where it is.
    await waitFor('the head stopped', () => !head.moving().panTilt, quick);
    const stopped = head.position();
    expect(stopped.tilt).toBe(start.tilt);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(head.position()).toEqual(stopped);
    expect(head.moves.at(-1)?.timeoutMs).toBeGreaterThan(0);

    // A preset: the head is there.
    await full.getByRole('list', { name: 'Presets' }).getByRole('button', { name: 'Gate' }).click();
    const atPreset = () => JSON.stringify(head.position()) === JSON.stringify(GATE.position);
    await waitFor('the preset reached', atPreset, quick);
    expect(device.violations).toEqual([]);
  }, 30_000);
});
