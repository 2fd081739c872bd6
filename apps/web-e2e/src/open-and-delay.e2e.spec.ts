import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { Dashboard } from './test-support/dashboard';
import { useDashboardSuite } from './test-support/dashboard-suite';
import { readFrameLog, startMjpegCamera, startRtspCamera } from '@camrec/testing/camera-sim';
import { sleep, waitFor, decodeFrameIndex } from '@camrec/testing';

const OPENS = 3;

/** A picture as the page saw it: when it first showed, and its frame-index bar. */
interface SeenFrame {
  /** Wall clock (ms since 1970) of the animation frame in which the picture changed. */
  seenAt: number;
  /** The bar rows, gray, one char per pixel (`width * barRows`): strings cross to Node fast. */
  bar: string;
  width: number;
  height: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function summary(values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  return `median ${Math.round(median(values))} ms (min ${Math.round(sorted[0])}, max ${Math.round(sorted.at(-1) ?? 0)}, n=${values.length})`;
}

/**
 * Clicks Open in the page and returns the ms from the click to the first animation frame in
 * which the new tile is live (its first frame painted), measured by the page's own clock.
 */
async function clickToFirstPicture(page: Page, url: string, name: string): Promise<number> {
  await page.getByLabel('Camera URL').fill(url);
  await page.getByLabel(/^Name/).fill(name);
  return page.evaluate(
    (tileName) =>
      new Promise<number>((resolve, reject) => {
        const button = Array.from(document.querySelectorAll('button')).find(
          (b) => b.textContent?.trim() === 'Open',
        );
        if (!button) return reject(new Error('no Open button'));
        const clickedAt = performance.now();
        button.click();
        const check = () => {
          const tile = Array.from(document.querySelectorAll('cr-session-tile')).find(
            (t) => t.querySelector('h3')?.textContent?.trim() === tileName,
          );
          if (tile?.getAttribute('data-state') === 'live') resolve(performance.now() - clickedAt);
          else if (performance.now() - clickedAt > 20_000) reject(new Error('never live'));
          else requestAnimationFrame(check);
        };
        requestAnimationFrame(check);
      }),
    name,
  );
}

/** Every picture change on the tile's canvas for `durationMs`, seen at animation frames. */
async function watchCanvas(page: Page, name: string, durationMs: number): Promise<SeenFrame[]> {
  return page.evaluate(
    ({ tileName, durationMs, barFraction }) =>
      new Promise<SeenFrame[]>((resolve) => {
        const tile = Array.from(document.querySelectorAll('cr-session-tile')).find(
          (t) => t.querySelector('h3')?.textContent?.trim() === tileName,
        );
        const canvas = tile?.querySelector('canvas');
        const seen: SeenFrame[] = [];
        if (!canvas) return resolve(seen);
        const copy = document.createElement('canvas');
        const context = copy.getContext('2d', { willReadFrequently: true });
        const started = performance.now();
        let last = '';
        const look = () => {
          const { width, height } = canvas;
          const rows = Math.max(8, Math.round(height * barFraction));
          if (context && width && height) {
            copy.width = width;
            copy.height = rows;
            context.drawImage(canvas, 0, 0, width, rows, 0, 0, width, rows);
            const pixels = context.getImageData(0, 0, width, rows).data;
            const gray = new Uint8Array(pixels.length / 4);
            for (let i = 0; i < gray.length; i++) {
              const p = i * 4;
              gray[i] = Math.round(
                0.299 * pixels[p] + 0.587 * pixels[p + 1] + 0.114 * pixels[p + 2],
              );
            }
            let bar = '';
            for (let i = 0; i < gray.length; i += 8192) {
              bar += String.fromCharCode(...gray.subarray(i, i + 8192));
            }
            const key = bar;
            if (key !== last) {
              last = key;
              seen.push({ seenAt: performance.timeOrigin + performance.now(), bar, width, height });
            }
          }
          if (performance.now() - started < durationMs) requestAnimationFrame(look);
          else resolve(seen);
        };
        requestAnimationFrame(look);
      }),
    { tileName: name, durationMs, barFraction: 1 / 16 },
  );
}

function frameIndexOf(frame: SeenFrame): number | null {
  const bar = Buffer.from(frame.bar, 'latin1');
  return decodeFrameIndex(bar, frame.width, frame.height);
}

/** Each seen frame's delay since the camera emitted it (frames not in the log are left out). */
function delaysSinceEmitted(seen: SeenFrame[], logPath: string): number[] {
  const emitted = readFrameLog(logPath);
  return seen
    .map((frame) => {
      const index = frameIndexOf(frame);
      const at = index === null ? undefined : emitted.get(index);
      return at === undefined ? null : frame.seenAt - at;
    })
    .filter((delay): delay is number => delay !== null);
}

/**
 * Issue 11: how fast a camera opens (figures logged, not asserted: this machine is shared),
 * and whether the delay the tile shows is the delay a person sees.
 */
describe('opening a camera and the delay the tile shows', () => {
  const suite = useDashboardSuite({ max_sessions: 4 });
  let dir = '';

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'camrec-open-delay-'));
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  /** POST /session/open → 201, timed from Node; the session is closed again. */
  async function timedApiOpen(url: string): Promise<number> {
    const started = performance.now();
    const response = await fetch(`${suite.server.baseUrl}/session/open`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ url }),
    });
    const elapsed = performance.now() - started;
    const body = (await response.json()) as { session_id: string };
    expect(response.status).toBe(201);
    await fetch(`${suite.server.baseUrl}/session/close`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ session_id: body.session_id }),
    });
    return elapsed;
  }

  it.each([
    [
      'RTSP H.264 720p25, 1 s GOP',
      () => startRtspCamera({ width: 1280, height: 720, fps: 25, gop: 1 }),
    ],
    ['MJPEG 720p25', () => startMjpegCamera({ width: 1280, height: 720, fps: 25 })],
  ])('opens %s and paints its first picture (figures in the log)', async (label, start) => {
    const camera = await suite.camera(start());
    const apiOpens: number[] = [];
    for (let i = 0; i < OPENS; i++) apiOpens.push(await timedApiOpen(camera.url));

    const ui = await suite.open();
    const firstPictures: number[] = [];
    for (let i = 0; i < OPENS; i++) {
      const name = `Open ${i + 1}`;
      firstPictures.push(await clickToFirstPicture(ui.page, camera.url, name));
      await ui.closeAllSessions();
      await waitFor('the tile to go', async () => (await ui.tiles().count()) === 0);
    }
    console.log(
      `${label}: POST /session/open ${summary(apiOpens)}; click → first picture ${summary(firstPictures)}`,
    );
  });

  it('shows camera → screen for an RTSP camera, as the frame-index measurement finds it (±25 %)', async () => {
    const log = join(dir, 'frames.log');
    const camera = await suite.camera(
      startRtspCamera({ width: 640, height: 360, fps: 25, gop: 1, log }),
    );
    const ui = await suite.open();
    const tile = await ui.openCamera(camera.url, 'Delay check');
    await ui.waitForState(tile, 'live');
    expect(await ui.decoder(tile)).toBe('webcodecs');
    // The camera reports its clock every second; the figure switches to capture → paint.
    const delayText = tile.locator('.stats .delay');
    await waitFor('camera → screen', async () =>
      /camera → screen/.test((await delayText.textContent()) ?? ''),
    );
    await sleep(1000);

    const shown: number[] = [];
    const watching = watchCanvas(ui.page, 'Delay check', 6000);
    for (let i = 0; i < 10; i++) {
      await sleep(550);
      const match = /(\d+) ms camera → screen/.exec((await delayText.textContent()) ?? '');
      if (match) shown.push(Number(match[1]));
    }
    const measured = delaysSinceEmitted(await watching, log);

    console.log(
      `RTSP 360p25 WebCodecs: tile shows ${summary(shown)}; frame index finds ${summary(measured)}`,
    );
    expect(shown.length).toBeGreaterThanOrEqual(8);
    expect(measured.length).toBeGreaterThan(50);
    expect(median(shown)).toBeGreaterThanOrEqual(median(measured) * 0.75);
    expect(median(shown)).toBeLessThanOrEqual(median(measured) * 1.25);

    // A second viewer joins the open session: it starts from the hub's cached GOP at once and
    // shows live frames, not the GOP's older ones, right after its first picture.
    const joiner = new Dashboard(await suite.browser.newPage(), suite.server.baseUrl);
    // A background tab gets no animation frames: the joiner is the tab a person looks at.
    await joiner.page.bringToFront();
    const joinStarted = Date.now();
    await joiner.goto();
    const joinedTile = joiner.tile('Delay check');
    await joiner.waitForState(joinedTile, 'live');
    const joinedAfter = Date.now() - joinStarted;
    const joinedFrames = await watchCanvas(joiner.page, 'Delay check', 1500);
    const joinedDelays = delaysSinceEmitted(joinedFrames, log);
    await joiner.page.close();
    console.log(
      `joining viewer: page load → live picture ${joinedAfter} ms; its first frame ${Math.round(joinedDelays[0])} ms old, then over 1.5 s ${summary(joinedDelays.slice(1))}`,
    );
    expect(joinedDelays.length).toBeGreaterThan(10);
  });

  it('labels what it measures when no capture time is known (MJPEG: network + decode)', async () => {
    const camera = await suite.camera(startMjpegCamera({ width: 640, height: 360, fps: 25 }));
    const ui = await suite.open();
    const tile = await ui.openCamera(camera.url, 'MJPEG label');
    await ui.waitForState(tile, 'live');
    const delayText = tile.locator('.stats .delay');
    const text = await waitFor('a delay figure', async () => {
      const content = (await delayText.textContent())?.trim() ?? '';
      return /^\d+ ms /.test(content) ? content : undefined;
    });
    expect(text).toMatch(/^\d+ ms network \+ decode$/);
    expect(text).not.toMatch(/delay/);
  });
});
