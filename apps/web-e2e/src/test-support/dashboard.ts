import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { SCREENSHOT_DIR } from './paths';
import { sleep, waitFor, decodeFrameIndex } from '@camrec/testing';

export interface PictureSample {
  /** Frame index read from the camera-sim bar, or null when the bar cannot be read. */
  index: number | null;
  /** A cheap fingerprint of the picture's pixels. */
  checksum: number;
  width: number;
  height: number;
}

export interface NewCamera {
  name: string;
  url: string;
  substreamUrl?: string;
  record?: 'off' | 'motion' | 'continuous';
  /** Press Preview and wait for a live picture before saving. */
  preview?: boolean;
  /** Screenshot name for the form just before Save. */
  screenshot?: string;
}

const RECORD_LABELS = { off: /^Off/, motion: /^On motion/, continuous: /^Continuous/ };

/** Drives the dashboard the way a person does: fields, buttons, what the tiles show. */
export class Dashboard {
  constructor(
    readonly page: Page,
    readonly baseUrl: string,
  ) {}

  /** The app's own origin first: Chromium refuses fetch/WebSocket to 127.0.0.1 from about:blank. */
  async goto(query = ''): Promise<void> {
    await this.page.goto(`${this.baseUrl}/${query}`);
    await this.page.getByLabel('Camera URL').waitFor();
  }

  tile(name: string): Locator {
    return this.page.locator('cr-session-tile', {
      has: this.page.getByRole('heading', { name, exact: true }),
    });
  }

  tiles(): Locator {
    return this.page.locator('cr-session-tile');
  }

  /** A saved camera's tile in the grid, by its name. */
  cameraTile(name: string): Locator {
    return this.page.locator('cr-camera-tile', {
      has: this.page.getByRole('heading', { name, exact: true }),
    });
  }

  /**
   * The live picture in a camera tile, the full-screen view or the form's preview: the element
   * whose `data-state`/`data-decoder` `waitForState`, `decoder` and `sample` read.
   */
  liveStream(within: Locator): Locator {
    return within.locator('cr-live-stream');
  }

  /** The add-camera dialog, through its fields the way a person fills them. */
  async addCamera(camera: NewCamera): Promise<Locator> {
    await this.page.getByRole('button', { name: 'Add camera' }).first().click();
    const form = this.page.getByRole('dialog', { name: 'Add a camera' });
    await form.getByLabel('Name', { exact: true }).fill(camera.name);
    await form.getByLabel('Main stream URL').fill(camera.url);
    if (camera.substreamUrl) await form.getByLabel(/^Substream URL/).fill(camera.substreamUrl);
    if (camera.record)
      await form.getByRole('radio', { name: RECORD_LABELS[camera.record] }).check();
    if (camera.preview) {
      await form.getByRole('button', { name: 'Preview' }).click();
      const preview = this.liveStream(form);
      await this.waitForState(preview, 'live', 30_000);
      await this.expectPictureAdvances(preview);
    }
    if (camera.screenshot) await this.screenshot(camera.screenshot, { fullPage: false });
    await form.getByRole('button', { name: 'Save', exact: true }).click();
    await form.waitFor({ state: 'detached', timeout: 30_000 });
    const tile = this.cameraTile(camera.name);
    await tile.waitFor();
    return tile;
  }

  /** Deletes every saved camera through the API (cleanup between tests). */
  async deleteAllCameras(): Promise<void> {
    const response = await fetch(`${this.baseUrl}/cameras`);
    if (!response.ok) return;
    const { cameras } = (await response.json()) as { cameras: { id: string }[] };
    for (const camera of cameras) {
      await fetch(`${this.baseUrl}/cameras/${camera.id}`, { method: 'DELETE' });
    }
  }

  /** Every session the server lists (saved cameras' included). */
  async listSessions(): Promise<{ session_id: string; camera_id: string | null }[]> {
    const response = await fetch(`${this.baseUrl}/session/list`);
    return (
      (await response.json()) as { sessions: { session_id: string; camera_id: string | null }[] }
    ).sessions;
  }

  async openCamera(url: string, name: string): Promise<Locator> {
    await this.page.getByLabel('Camera URL').fill(url);
    await this.page.getByLabel(/^Name/).fill(name);
    await this.page.getByRole('button', { name: 'Open', exact: true }).click();
    const tile = this.tile(name);
    await tile.waitFor({ timeout: 30_000 }).catch(async (error: Error) => {
      // Say what the page showed instead (a refusal is shown as an alert) and what the server has.
      const alerts = await this.page.getByRole('alert').allTextContents();
      const sessions = await this.listSessions();
      throw new Error(
        `no tile "${name}" 30 s after Open; the page's alerts: ${JSON.stringify(alerts)}; the server's sessions: ${sessions.length} (${error.message.split('\n')[0]})`,
      );
    });
    return tile;
  }

  async waitForState(tile: Locator, state: string, timeoutMs = 20_000): Promise<void> {
    await waitFor(
      `tile state ${state}`,
      async () => (await tile.getAttribute('data-state')) === state,
      { timeoutMs },
    );
  }

  async decoder(tile: Locator): Promise<string | null> {
    return tile.getAttribute('data-decoder');
  }

  /** Reads the live picture (canvas, or the MSE video) and the frame-index bar on it. */
  async sample(tile: Locator): Promise<PictureSample> {
    const raw = await tile.evaluate((host: HTMLElement) => {
      const video = host.querySelector('video');
      const canvas = host.querySelector('canvas');
      const source = host.dataset['decoder'] === 'mse' ? video : canvas;
      if (!source) return null;
      const width = source instanceof HTMLVideoElement ? source.videoWidth : source.width;
      const height = source instanceof HTMLVideoElement ? source.videoHeight : source.height;
      if (!width || !height) return null;
      const copy = document.createElement('canvas');
      copy.width = width;
      copy.height = height;
      const context = copy.getContext('2d', { willReadFrequently: true });
      if (!context) return null;
      context.drawImage(source, 0, 0, width, height);
      const rows = Math.min(height, Math.ceil(height / 8));
      const pixels = context.getImageData(0, 0, width, height).data;
      const gray = new Uint8Array(width * rows);
      for (let i = 0; i < gray.length; i++) {
        const p = i * 4;
        gray[i] = Math.round(0.299 * pixels[p] + 0.587 * pixels[p + 1] + 0.114 * pixels[p + 2]);
      }
      // One char per pixel: a string crosses to Node as one value, where an array of 28,800
      // numbers is serialised and validated element by element (live-preview's test process
      // spent 17 s of CPU with the array, 7 s with the string).
      let bar = '';
      for (let i = 0; i < gray.length; i += 8192) {
        bar += String.fromCharCode(...gray.subarray(i, i + 8192));
      }
      let checksum = 0;
      for (let p = 0; p < pixels.length; p += 97) checksum = (checksum * 31 + pixels[p]) >>> 0;
      return { width, height, bar, checksum };
    });
    if (!raw) return { index: null, checksum: 0, width: 0, height: 0 };
    const frame = new Uint8Array(raw.width * raw.height);
    frame.set(Buffer.from(raw.bar, 'latin1'));
    return {
      index: decodeFrameIndex(frame, raw.width, raw.height),
      checksum: raw.checksum,
      width: raw.width,
      height: raw.height,
    };
  }

  /**
   * The picture is live: its pixels change and the camera's frame index moves forward
   * between two looks `gapMs` apart.
   */
  async expectPictureAdvances(
    tile: Locator,
    gapMs = 1000,
  ): Promise<[PictureSample, PictureSample]> {
    const first = await waitFor('a readable frame index', async () => {
      const sample = await this.sample(tile);
      return sample.index !== null ? sample : undefined;
    });
    await sleep(gapMs);
    const second = await waitFor('a later frame index', async () => {
      const sample = await this.sample(tile);
      return sample.index !== null && sample.index !== first.index ? sample : undefined;
    });
    if (second.checksum === first.checksum) throw new Error('the picture did not change');
    if ((second.index ?? 0) <= (first.index ?? 0)) {
      throw new Error(`frame index went from ${first.index} to ${second.index}`);
    }
    return [first, second];
  }

  /** Saves `dist/e2e-screenshots/NAME.png`; the viewport only when a modal dialog is open. */
  async screenshot(name: string, { fullPage = true } = {}): Promise<string> {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    const path = join(SCREENSHOT_DIR, `${name}.png`);
    // A full-page capture of a scrolled page draws the sticky header where it floats.
    if (fullPage) await this.page.evaluate(() => window.scrollTo(0, 0));
    await this.page.screenshot({ path, fullPage });
    return path;
  }

  /** Closes every open session through the API (cleanup between tests). */
  async closeAllSessions(): Promise<void> {
    const response = await fetch(`${this.baseUrl}/session/list`);
    const { sessions } = (await response.json()) as { sessions: { session_id: string }[] };
    for (const session of sessions) {
      await fetch(`${this.baseUrl}/session/close`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ session_id: session.session_id }),
      });
    }
  }
}
