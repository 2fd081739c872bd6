import type { CameraInfo } from '@camrec/shared-types';
import type { Locator } from 'playwright-core';
import type { Dashboard } from './test-support/dashboard';
import { useDashboardSuite } from './test-support/dashboard-suite';
import { startMjpegCamera, startRtspCamera, type SimCamera } from '@camrec/testing/camera-sim';
import { waitFor } from '@camrec/testing';

/** Where the lead looks at the grid (not committed, not under dist/). */

/** Issue "A recorder you can leave running": cameras added once come back by themselves. */
describe('saved cameras in the dashboard', () => {
  const suite = useDashboardSuite();

  it('adds an RTSP camera with a substream and an MJPEG camera, both live, and both back live after a server restart', async () => {
    const gatePassword = 'gate-Pw-7qx';
    const garagePassword = 'garage-Pw-3kd';
    const gateAuth = { type: 'digest' as const, user: 'admin', password: gatePassword };
    const main = await suite.camera(
      startRtspCamera({ width: 640, height: 360, fps: 25, path: '/main', auth: gateAuth }),
    );
    const sub = await suite.camera(
      startRtspCamera({ width: 320, height: 180, fps: 15, path: '/sub', auth: gateAuth }),
    );
    const mjpeg = await suite.camera(
      startMjpegCamera({
        width: 640,
        height: 360,
        fps: 10,
        auth: { type: 'basic', user: 'viewer', password: garagePassword },
      }),
    );
    const ui = await suite.open();

    // Through the Add camera flow, the first one previewed live before it is saved.
    const gate = await ui.addCamera({
      name: 'Gate',
      url: withCredentials(main),
      substreamUrl: withCredentials(sub),
      record: 'continuous',
      preview: true,
      screenshot: 'cameras-add-with-preview',
    });
    const garage = await ui.addCamera({ name: 'Garage', url: withCredentials(mjpeg) });

    // Both live in the grid: the RTSP camera on its substream, the MJPEG one as JPEG frames.
    const before = await expectLive(ui, gate, [320, 180]);
    await expectLive(ui, garage, [640, 360]);
    expect(await ui.decoder(ui.liveStream(garage))).toBe('jpeg');
    await waitFor('the state badges', async () => {
      const badges = await ui.page.locator('cr-camera-tile .badge').allTextContents();
      return badges.map((b) => b.trim()).join() === 'Online,Online';
    });
    expect(await gate.locator('.record-mode').textContent()).toContain('Records continuously');
    await ui.page.locator('cr-camera-tile').first().scrollIntoViewIfNeeded();
    await ui.screenshot('cameras-grid');

    // Full screen plays the main stream; Escape closes it and focus goes back to its button.
    const fullButton = gate.getByRole('button', { name: 'Show Gate full screen' });
    await fullButton.click();
    const full = ui.page.getByRole('dialog', { name: 'Gate' });
    const fullStream = ui.liveStream(full);
    await ui.waitForState(fullStream, 'live');
    const [, big] = await ui.expectPictureAdvances(fullStream);
    expect([big.width, big.height]).toEqual([640, 360]);
    await ui.screenshot('cameras-full-view', { fullPage: false });
    await ui.page.keyboard.press('Escape');
    await full.waitFor({ state: 'detached' });
    expect(await fullButton.evaluate((button) => button === document.activeElement)).toBe(true);

    // The server restarts on the same folder: both cameras open again by themselves, and the
    // page, left open, plays their new sessions.
    await suite.server.restart();
    await waitFor(
      'the Gate tile to play a new session',
      async () =>
        (await ui.liveStream(gate).getAttribute('data-session-id')) !== before.sessionId &&
        (await ui.liveStream(gate).count()) === 1,
      { timeoutMs: 60_000 },
    );
    await expectLive(ui, gate, [320, 180]);
    await expectLive(ui, garage, [640, 360]);
    await ui.screenshot('cameras-after-restart');

    // Nothing of the URLs in the browser's storage.
    const stored = await ui.page.evaluate(async () => ({
      storage: [localStorage, sessionStorage].map((store) =>
        Object.keys(store).map((key) => `${key}=${store.getItem(key)}`),
      ),
      databases: (await indexedDB.databases()).map((db) => db.name),
    }));
    const text = JSON.stringify(stored.storage);
    for (const secret of [gatePassword, garagePassword, 'rtsp://', 'http://127.0.0.1:']) {
      expect(text).not.toContain(secret);
    }
    expect(stored.databases).toEqual([]);
  });

  it('says on its tile when a camera goes offline, why and when it tries again, lists the period, and plays again when it is back', async () => {
    const first = await suite.camera(startRtspCamera({ width: 640, height: 360 }));
    const ui = await suite.open();
    const tile = await ui.addCamera({ name: 'Shed', url: first.url });
    await expectLive(ui, tile, [640, 360]);

    await first.stop();
    const badge = tile.locator('.badge');
    await waitFor(
      'the offline badge',
      async () => /^Offline since /.test(await badge.innerText()),
      {
        timeoutMs: 30_000,
      },
    );
    expect(await tile.getAttribute('data-camera-state')).toBe('offline');
    // The reason as the server words it; the next attempt when the server has one planned
    // (a session reconnecting on its own has none to tell).
    await waitFor('the reason', async () => {
      const { cameras } = (await (await fetch(`${suite.server.baseUrl}/cameras`)).json()) as {
        cameras: CameraInfo[];
      };
      const { last_error, next_attempt_at } = cameras[0].status;
      const detail = (await tile.locator('.detail').innerText()).toLowerCase();
      return (
        !!last_error &&
        detail.startsWith(last_error.toLowerCase()) &&
        (next_attempt_at === null || /next attempt (in \d+ (s|min)|now)\./.test(detail))
      );
    });
    const history = tile.getByRole('button', { name: 'Offline history' });
    await history.click();
    await waitFor(
      'the list open',
      async () => (await history.getAttribute('aria-expanded')) === 'true',
    );
    const periods = tile.getByRole('list', { name: 'Latest offline periods of Shed' });
    await waitFor('the period going on', async () =>
      /^\s*since /.test((await periods.locator('li').first().textContent()) ?? ''),
    );
    await ui.screenshot('camera-offline');

    await suite.camera(startRtspCamera({ width: 640, height: 360, port: first.port }));
    await waitFor('the camera back online', async () => (await badge.innerText()) === 'Online', {
      timeoutMs: 60_000,
    });
    await expectLive(ui, tile, [640, 360]);
    await waitFor('the period ended', async () =>
      /, for \d+:\d\d — /.test((await periods.locator('li').first().textContent()) ?? ''),
    );
  });

  it('puts the camera’s refusal next to the URL, closes a cancelled preview, saves an open URL as a camera without a second connection, edits and deletes it', async () => {
    const auth = { type: 'digest' as const, user: 'admin', password: 'porch-Pw-5tz' };
    const locked = await suite.camera(startRtspCamera({ width: 640, height: 360, auth }));
    const porch = await suite.camera(startRtspCamera({ width: 640, height: 360 }));
    const ui = await suite.open();

    // A wrong password: the camera's answer, next to the URL field, and nothing saved.
    await ui.page.getByRole('button', { name: 'Add camera' }).first().click();
    const form = ui.page.getByRole('dialog', { name: 'Add a camera' });
    await form.getByLabel('Name', { exact: true }).fill('Locked');
    const url = form.getByLabel('Main stream URL');
    await url.fill(locked.url.replace('rtsp://', 'rtsp://admin:wrong@'));
    await form.getByRole('button', { name: 'Save', exact: true }).click();
    const urlError = form.locator('#camera-form-url-error');
    await urlError.waitFor({ timeout: 30_000 });
    expect(await urlError.textContent()).toMatch(/password|401|unauthori[sz]ed/i);
    expect(await url.getAttribute('aria-invalid')).toBe('true');
    await ui.screenshot('cameras-add-refused', { fullPage: false });

    // Preview, then Cancel: the preview session is closed.
    await url.fill(withCredentials(locked));
    await form.getByRole('button', { name: 'Preview' }).click();
    await ui.waitForState(ui.liveStream(form), 'live', 30_000);
    expect(await ui.listSessions()).toHaveLength(1);
    await form.getByRole('button', { name: 'Cancel', exact: true }).click();
    await form.waitFor({ state: 'detached' });
    await waitFor(
      'the preview session to close',
      async () => (await ui.listSessions()).length === 0,
    );
    expect(await ui.page.locator('cr-camera-tile').count()).toBe(0);

    // A URL opened once, then saved from its tile: the camera keeps that session.
    const once = await ui.openCamera(porch.url, 'Porch');
    await ui.waitForState(once, 'live');
    const sessionId = await once.getAttribute('data-session-id');
    await once.getByRole('button', { name: 'Save Porch as a camera' }).click();
    const saveForm = ui.page.getByRole('dialog', { name: 'Add a camera' });
    expect(await saveForm.getByLabel('Name', { exact: true }).inputValue()).toBe('Porch');
    // No credentials in this URL: the masked one is the URL itself, so it is filled in.
    expect(await saveForm.getByLabel('Main stream URL').inputValue()).toBe(porch.url);
    await saveForm.getByRole('button', { name: 'Save', exact: true }).click();
    await saveForm.waitFor({ state: 'detached', timeout: 30_000 });
    const tile = ui.cameraTile('Porch');
    await ui.waitForState(ui.liveStream(tile), 'live');
    expect(await ui.liveStream(tile).getAttribute('data-session-id')).toBe(sessionId);
    await once.waitFor({ state: 'detached' });
    expect(await ui.listSessions()).toEqual([
      expect.objectContaining({ session_id: sessionId, camera_id: expect.any(String) }),
    ]);

    // Edit: the record mode changes, the URL is not sent back.
    await tile.getByRole('button', { name: 'Edit Porch' }).click();
    const editForm = ui.page.getByRole('dialog', { name: 'Edit “Porch”' });
    await editForm.getByRole('radio', { name: /^On motion/ }).check();
    const patch = ui.page.waitForRequest((r) => r.method() === 'PATCH');
    await editForm.getByRole('button', { name: 'Save', exact: true }).click();
    expect((await patch).postDataJSON()).toEqual({ record: 'motion', motion: expect.anything() });
    await editForm.waitFor({ state: 'detached' });
    await waitFor('the tile to say so', async () =>
      (await tile.locator('.record-mode').textContent())?.includes('Records on motion'),
    );

    // Delete, recordings too.
    await tile.getByRole('button', { name: 'Delete Porch' }).click();
    const confirm = ui.page.getByRole('dialog', { name: 'Delete “Porch”?' });
    await confirm.getByLabel('Also delete its recordings').check();
    const removal = ui.page.waitForRequest((r) => r.method() === 'DELETE');
    await confirm.getByRole('button', { name: 'Delete', exact: true }).click();
    expect((await removal).url()).toMatch(/\/cameras\/[a-z2-7]{12}\?delete_recordings=true$/);
    await tile.waitFor({ state: 'detached' });
    await ui.page.getByText('No camera saved yet').waitFor();
    await waitFor('its session to end', async () => (await ui.listSessions()).length === 0);
  });
});

function withCredentials(camera: SimCamera): string {
  if (!camera.urlWithCredentials) throw new Error('the simulated camera has no credentials');
  return camera.urlWithCredentials;
}

/**
 * The tile's picture is live, moving, at the size of the stream it should play. A tile shows
 * the main stream until the substream's session is open (after a restart the main one may open
 * first), so it waits for the picture at the expected size before it watches it move.
 */
async function expectLive(
  ui: Dashboard,
  tile: Locator,
  size: [number, number],
): Promise<{ sessionId: string | null }> {
  const stream = ui.liveStream(tile);
  await ui.waitForState(stream, 'live', 60_000);
  await waitFor(
    `the picture at ${size.join('×')}`,
    async () => {
      const { width, height } = await ui.sample(stream);
      return width === size[0] && height === size[1];
    },
    { timeoutMs: 30_000 },
  );
  const [earlier, later] = await ui.expectPictureAdvances(stream);
  expect([earlier.width, earlier.height, later.width, later.height]).toEqual([...size, ...size]);
  return { sessionId: await stream.getAttribute('data-session-id') };
}
