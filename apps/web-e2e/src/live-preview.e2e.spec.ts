import { useDashboardSuite } from './test-support/dashboard-suite';
import { startMjpegCamera, startRtspCamera } from '@camrec/testing/camera-sim';
import { sleep, waitFor } from '@camrec/testing';

/** The server's media processes, among its children. */
const FFMPEG_OR_FFPROBE = /\bff(mpeg|probe)\b/;

/** Seed scenarios 1, 2, 5 and 6, the invalid URL and the reconnecting state. */
describe('live preview in the dashboard', () => {
  const suite = useDashboardSuite();
  const { camera, open } = suite;

  it('1. previews an RTSP camera with WebCodecs', async () => {
    const cam = await camera(startRtspCamera({ width: 640, height: 360, fps: 25 }));
    const ui = await open();
    const tile = await ui.openCamera(cam.url, 'Front door');
    await ui.waitForState(tile, 'live');
    expect(await ui.decoder(tile)).toBe('webcodecs');
    const [, later] = await ui.expectPictureAdvances(tile);
    expect([later.width, later.height]).toEqual([640, 360]);
    await waitFor('a measured frame rate', async () => {
      const text = (await tile.locator('.stats').textContent()) ?? '';
      const fps = Number(/(\d+) fps/.exec(text)?.[1] ?? 0);
      return fps >= 10 && text.includes('640×360') && text.includes('H.264');
    });
    await ui.screenshot('1-rtsp-webcodecs');
  });

  it('1. previews the same camera through MSE when WebCodecs is missing', async () => {
    const cam = await camera(startRtspCamera({ width: 640, height: 360, fps: 25 }));
    const ui = await open({ disableWebCodecs: true });
    const tile = await ui.openCamera(cam.url, 'Front door (MSE)');
    await ui.waitForState(tile, 'live');
    expect(await ui.decoder(tile)).toBe('mse');
    await ui.expectPictureAdvances(tile);
    // Kept near the live edge: the delay shown (capture → screen, or before the first sender
    // report the buffered lead) stays under half a second (median of six).
    await sleep(2000);
    const delays: number[] = [];
    for (let i = 0; i < 6; i++) {
      const text = (await tile.locator('.stats').textContent()) ?? '';
      const match = /(\d+) ms (camera → screen|in browser)/.exec(text);
      if (match) delays.push(Number(match[1]));
      await sleep(500);
    }
    delays.sort((a, b) => a - b);
    expect(delays.length).toBeGreaterThan(3);
    expect(delays[Math.floor(delays.length / 2)]).toBeLessThan(500);
    await ui.screenshot('1-rtsp-mse');
  });

  it('2. previews an MJPEG camera as JPEG frames', async () => {
    const cam = await camera(startMjpegCamera({ width: 640, height: 360, fps: 10 }));
    const ui = await open();
    const tile = await ui.openCamera(cam.url, 'Garage');
    await ui.waitForState(tile, 'live');
    expect(await ui.decoder(tile)).toBe('jpeg');
    await ui.expectPictureAdvances(tile);
    await expect(tile.locator('.stats').textContent()).resolves.toContain('MJPEG');
    await ui.screenshot('2-mjpeg');
  });

  it('5. previews three sessions at once', async () => {
    const rtspA = await camera(startRtspCamera({ width: 640, height: 360 }));
    const rtspB = await camera(startRtspCamera({ width: 640, height: 360 }));
    const mjpeg = await camera(startMjpegCamera({ width: 640, height: 360 }));
    const ui = await open();
    const tiles = [
      await ui.openCamera(rtspA.url, 'Driveway'),
      await ui.openCamera(rtspB.url, 'Back yard'),
      await ui.openCamera(mjpeg.url, 'Workshop'),
    ];
    for (const tile of tiles) await ui.waitForState(tile, 'live');
    await Promise.all(tiles.map((tile) => ui.expectPictureAdvances(tile)));
    await ui.page.getByText('All 3 camera slots are in use').waitFor();
    await ui.screenshot('5-three-sessions');
    await ui.page.setViewportSize({ width: 390, height: 844 });
    await ui.page.emulateMedia({ colorScheme: 'dark' });
    await sleep(500);
    await ui.screenshot('5-three-sessions-phone-dark');
  });

  it('6. closing a session during preview removes its tile and its processes', async () => {
    const cam = await camera(startRtspCamera({ width: 640, height: 360 }));
    const ui = await open();
    // Keyboard only: type the URL, Tab to the name, Enter submits the form.
    await ui.page.getByLabel('Camera URL').focus();
    await ui.page.keyboard.type(cam.url);
    await ui.page.keyboard.press('Tab');
    await ui.page.keyboard.type('Porch');
    await ui.page.keyboard.press('Enter');
    const tile = ui.tile('Porch');
    await tile.waitFor({ timeout: 30_000 });
    await ui.waitForState(tile, 'live');
    expect(suite.server.childPids(FFMPEG_OR_FFPROBE).length).toBeGreaterThan(0);
    await tile.getByRole('button', { name: 'Close Porch' }).focus();
    await ui.page.keyboard.press('Enter');
    await tile.waitFor({ state: 'detached' });
    await waitFor(
      'no server media process left',
      () => suite.server.childPids(FFMPEG_OR_FFPROBE).length === 0,
      {
        timeoutMs: 15_000,
      },
    );
    await ui.page.getByText('No camera open').waitFor();
    await ui.screenshot('6-closed-during-preview');
  });

  it('shows the server’s reason when a URL is invalid or the camera is unreachable', async () => {
    const ui = await open();
    await ui.page.getByLabel('Camera URL').fill('file:///etc/passwd');
    await ui.page.getByRole('button', { name: 'Open', exact: true }).click();
    const alert = ui.page.locator('#camera-url-error');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/rtsp|http|not allowed|scheme|protocol/i);
    expect(await ui.page.getByLabel('Camera URL').getAttribute('aria-invalid')).toBe('true');
    expect(await ui.tiles().count()).toBe(0);
    await ui.screenshot('invalid-url');
  });

  it('says reconnecting when the camera stops, and goes live again when it is back', async () => {
    const first = await camera(startRtspCamera({ width: 640, height: 360 }));
    const port = first.port;
    const ui = await open();
    const tile = await ui.openCamera(first.url, 'Gate');
    await ui.waitForState(tile, 'live');
    await first.stop();
    await ui.waitForState(tile, 'reconnecting', 30_000);
    await ui.screenshot('reconnecting');
    await camera(startRtspCamera({ width: 640, height: 360, port }));
    await ui.waitForState(tile, 'live', 60_000);
    await ui.expectPictureAdvances(tile);
    await ui.screenshot('reconnected');
  });
});
