import type { CameraInfo } from '@camrec/shared-types';
import { useDashboardSuite } from './test-support/dashboard-suite';
import { startRtspCamera } from '@camrec/testing/camera-sim';
import { waitFor } from '@camrec/testing';
import {
  DISCOVERY_GROUP,
  loopbackMulticastProblem,
  startOnvifTestDevice,
  xmllintMissing,
  type OnvifTestDevice,
} from '@camrec/testing/onvif';

const USER = 'admin';
/** Characters a URL must encode: the filled-in URLs must carry them encoded. */
const PASSWORD = 'p@ss:w/rd%1 #x';

/**
 * Issue "Fit into a home or site", ONVIF: a camera nobody knows the stream URL of is found on
 * the network, its streams read with its password, and saved from the filled-in form.
 */
describe('finding a camera by ONVIF in the dashboard', () => {
  // Discovery on loopback multicast: the device below answers probes on 127.0.0.1.
  const suite = useDashboardSuite({ onvif_interface: 'lo' });
  let device: OnvifTestDevice | null = null;

  beforeAll(async () => {
    // Without these the test would prove nothing: it fails, saying why.
    const missing = xmllintMissing();
    if (missing) throw new Error(missing);
    const multicast = await loopbackMulticastProblem();
    if (multicast) throw new Error(`no multicast to ${DISCOVERY_GROUP} on loopback: ${multicast}`);
  });
  afterAll(async () => {
    await device?.stop();
  });

  it('finds the device, fills the Add camera form with its main and substream, and the saved camera opens both', async () => {
    const auth = { type: 'digest' as const, user: USER, password: PASSWORD };
    const main = await suite.camera(
      startRtspCamera({ width: 640, height: 360, fps: 25, path: '/main', auth }),
    );
    const sub = await suite.camera(
      startRtspCamera({ width: 320, height: 180, fps: 15, path: '/sub', auth }),
    );
    const profile = { encoding: 'H264' as const, fps: 25 };
    device = await startOnvifTestDevice({
      username: USER,
      password: PASSWORD,
      name: 'Porch camera',
      hardware: 'TD-100',
      profiles: [
        { ...profile, token: 'Sub', name: 'subStream', width: 320, height: 180, bitrateKbps: 512, uri: sub.url }, // prettier-ignore
        { ...profile, token: 'Main', name: 'mainStream', width: 640, height: 360, bitrateKbps: 2048, uri: main.url }, // prettier-ignore
      ],
    });
    const ui = await suite.open();

    await ui.page.getByRole('button', { name: 'Add camera' }).first().click();
    const form = ui.page.getByRole('dialog', { name: 'Add a camera' });
    await form.getByRole('button', { name: /Find cameras on the network/ }).click();
    const found = form.getByRole('list', { name: 'Cameras found' });
    await found.getByRole('button', { name: /Porch camera/ }).click({ timeout: 15_000 });
    // Picking the device fills its address; the password is the camera's own.
    const address = form.locator('#find-cameras-address');
    await waitFor('the address filled in', async () =>
      (await address.inputValue()).includes(`127.0.0.1:${device?.port}`),
    );
    await form.locator('#find-cameras-username').fill(USER);
    await form.locator('#find-cameras-password').fill(PASSWORD);
    await form.getByRole('button', { name: 'Read streams' }).click();
    await form.getByText(/Filled in the stream URLs below/).waitFor({ timeout: 15_000 });
    const streams = form.getByRole('list', { name: 'Streams of the camera' });
    expect((await streams.locator('li.chosen').allTextContents()).map(squash)).toEqual([
      expect.stringMatching(/^Substream\s*subStream\s*320×180 H264, 25 fps/),
      expect.stringMatching(/^Main stream\s*mainStream\s*640×360 H264, 25 fps/),
    ]);

    // The form holds the device's streams, with the password encoded in them, and its name.
    const filled = async (label: string | RegExp) => new URL(await form.getByLabel(label).inputValue()); // prettier-ignore
    const [mainUrl, subUrl] = [await filled('Main stream URL'), await filled(/^Substream URL/)];
    expect([mainUrl.port, mainUrl.pathname, subUrl.port, subUrl.pathname]).toEqual([
      String(main.port),
      '/main',
      String(sub.port),
      '/sub',
    ]);
    expect(decodeURIComponent(mainUrl.password)).toBe(PASSWORD);
    expect(await form.getByLabel('Name', { exact: true }).inputValue()).toBe('Porch camera');
    await ui.screenshot('cameras-find-onvif', { fullPage: false });

    await form.getByRole('button', { name: 'Save', exact: true }).click();
    await form.waitFor({ state: 'detached', timeout: 30_000 });
    const tile = ui.cameraTile('Porch camera');
    // The grid plays the substream.
    const stream = ui.liveStream(tile);
    await ui.waitForState(stream, 'live', 60_000);
    const [, later] = await ui.expectPictureAdvances(stream);
    expect([later.width, later.height]).toEqual([320, 180]);
    // Both streams open on the server, and the password is not in what it answers.
    const saved = await waitFor('the saved camera online with its substream', async () => {
      const { cameras } = (await (await fetch(`${ui.baseUrl}/cameras`)).json()) as {
        cameras: CameraInfo[];
      };
      const [camera] = cameras;
      return camera?.status.state === 'online' && camera.status.substream_session_id
        ? camera
        : undefined;
    });
    expect(saved.status.substream_error).toBeNull();
    expect(JSON.stringify(saved)).not.toContain(encodeURIComponent(PASSWORD));
    expect(device.violations).toEqual([]);
  }, 120_000);
});

function squash(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
