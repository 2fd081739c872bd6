import type { MotionEvent, SessionInfo, VideoItem } from '@camrec/shared-types';
import { launchBrowser, type TestBrowser } from './test-support/browser';
import { Dashboard } from './test-support/dashboard';
import { motionScene, startRtspCamera, type SimCamera } from '@camrec/testing/camera-sim';
import { waitFor, launchServer, type LaunchedServer } from '@camrec/testing';

const MOVE_AT_S = 13;
/** The frame-index bar and the clock change every frame: excluded like a camera's timestamp. */
const TOP_BAND = [
  [0, 0],
  [1, 0],
  [1, 0.2],
  [0, 0.2],
];
const SCENE = motionScene({ width: 640, height: 360, fps: 25, moveAtS: MOVE_AT_S });

/** Motion detection in the dashboard: toggle, boxes and badge, events, library filter, keep. */
describe('motion detection in the dashboard', () => {
  let server: LaunchedServer;
  let browser: TestBrowser;
  let cam: SimCamera;
  let ui: Dashboard;

  beforeAll(async () => {
    server = await launchServer();
    browser = await launchBrowser();
    cam = await startRtspCamera({ width: 640, height: 360, fps: 25, gop: 1, scene: SCENE });
    ui = new Dashboard(await browser.newPage(), server.baseUrl);
  });

  afterAll(async () => {
    await ui?.closeAllSessions();
    await browser?.close();
    await cam?.stop();
    await server?.stop();
    expect(browser?.pageErrors ?? []).toEqual([]);
  });

  const api = async <T>(path: string, init?: RequestInit): Promise<T> =>
    (await fetch(`${server.baseUrl}${path}`, init)).json() as Promise<T>;

  it('shows the motion, its event and its clip, and keeps the clip on request', async () => {
    const health = await api<{ motion: { available: boolean; reason: string | null } }>('/health');
    expect(health.motion).toMatchObject({ available: true, reason: null });
    const session = await api<SessionInfo>('/session/open', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        url: cam.url,
        name: 'Yard',
        motion: {
          enabled: true,
          record: true,
          pre_roll_s: 2,
          post_roll_s: 2,
          zones_excluded: [TOP_BAND],
        },
      }),
    });
    await ui.goto();
    const tile = ui.tile('Yard');
    await ui.waitForState(tile, 'live', 30_000);
    const toggle = tile.getByRole('button', { name: 'Stop motion detection on Yard' });
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    // The excluded zone is drawn over the picture.
    expect(await tile.locator('polygon.zone').count()).toBe(1);
    expect(await tile.locator('.motion-badge').count()).toBe(0);

    // Boxes and the badge while the box moves.
    await tile.locator('.motion-badge').waitFor({ timeout: 40_000 });
    expect(await tile.locator('rect.motion-box').count()).toBeGreaterThan(0);
    await ui.screenshot('motion-1-boxes');

    // The event, listed under the tile with its clip once it ended.
    const event = await waitFor(
      'the event with its clip in the tile',
      async () => {
        const { events } = await api<{ events: MotionEvent[] }>(
          `/events?session_id=${session.session_id}`,
        );
        return events[0]?.ended_at ? events[0] : undefined;
      },
      { timeoutMs: 30_000 },
    );
    const row = tile.locator(`li.event[data-event-id="${event.id}"]`);
    await row.getByRole('link', { name: 'Play' }).waitFor({ timeout: 15_000 });

    // The library: "Motion only" shows the clip; Keep marks it.
    await ui.page.getByRole('button', { name: 'Refresh recordings' }).click();
    await ui.page.getByLabel('Motion only').check();
    const card = ui.page.locator(`cr-video-card[data-filename="${event.filename}"]`);
    await card.waitFor({ timeout: 15_000 });
    expect(await ui.page.locator('cr-video-card').count()).toBe(1);
    await card.getByText('Motion clip').waitFor();
    await card.locator('.keep-toggle').click();
    await waitFor('the clip to be kept', async () => {
      const { videos } = await api<{ videos: VideoItem[] }>('/videos');
      return videos.find((v) => v.filename === event.filename)?.keep === true;
    });
    // The card shows it once the PATCH has answered (which may be after the API reads true).
    await waitFor(
      'the card to show the clip kept',
      async () => (await card.locator('.keep-toggle').getAttribute('aria-pressed')) === 'true',
    );
    await ui.screenshot('motion-2-library');

    // Tuning: the changed-pixel mask, a slider that saves, a zone drawn on the picture.
    await tile.getByRole('button', { name: 'Tune' }).click();
    const mask = tile.locator('img.mask');
    await waitFor('the mask picture', () =>
      mask.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth === 320),
    );
    const saved = ui.page.waitForResponse(
      (r) => r.url().endsWith('/motion') && r.request().method() === 'PUT',
    );
    // A slider released at 80, as a person drags it.
    await tile.locator('input.sensitivity').evaluate((input: HTMLInputElement) => {
      input.value = '80';
      input.dispatchEvent(new Event('change', { bubbles: true }));
    });
    expect((await (await saved).json()).sensitivity).toBe(80);
    await tile.getByRole('button', { name: 'Draw excluded zone' }).click();
    const picture = tile.locator('svg.zones');
    for (const [x, y] of [
      [0.6, 0.5],
      [0.9, 0.5],
      [0.9, 0.75],
    ]) {
      const box = await picture.boundingBox();
      if (!box) throw new Error('the picture has no box');
      // Relative to the picture, which Playwright scrolls into view first.
      await picture.click({ position: { x: x * box.width, y: y * box.height } });
    }
    await tile.getByRole('button', { name: 'Finish zone' }).click();
    await waitFor('the drawn zone', async () => (await tile.locator('polygon.zone').count()) === 2);
    const zones = (
      await api<{ zones_excluded: number[][][] }>(`/session/${session.session_id}/motion`)
    ).zones_excluded;
    expect(zones).toHaveLength(2);
    expect(zones[1][0][0]).toBeCloseTo(0.6, 1);
    expect(zones[1][2][1]).toBeCloseTo(0.75, 1);
    await ui.screenshot('motion-3-tuning');

    // Switching motion off from the tile.
    await toggle.click();
    await waitFor('motion to be off', async () => {
      const settings = await api<{ enabled: boolean }>(`/session/${session.session_id}/motion`);
      return settings.enabled === false;
    });
  }, 150_000);
});
