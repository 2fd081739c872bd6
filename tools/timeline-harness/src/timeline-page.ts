import type { Locator, Page } from 'playwright-core';
import { waitFor } from '@camrec/testing';

/** Below the axis, in the first lane's bar (see timeline-painter's AXIS_HEIGHT, BAR_TOP). */
const FIRST_LANE_Y = 22 + 14;

/** What a saved camera needs to exist without ever being opened: its footage is written by hand. */
export function disabledCamera(name: string) {
  return {
    name,
    url: 'rtsp://127.0.0.1:9/never-opened',
    enabled: false,
    verify: false,
    record: 'continuous',
    segment_s: 10,
  };
}

/** JSON to and from the server under test. */
export async function api<T>(baseUrl: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${baseUrl}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/**
 * A view with a timeline (a camera's full-screen view, or the recordings of every camera),
 * driven as a person does: clicks on the canvas at an instant, keys, the transport's buttons.
 */
export class TimelineView {
  constructor(
    readonly page: Page,
    readonly root: Locator,
  ) {}

  /** The camera's full-screen view, opened from its tile's Recordings button. */
  static async ofCamera(page: Page, name: string): Promise<TimelineView> {
    await page.getByRole('button', { name: `Recordings of ${name}` }).click();
    const root = page.locator('cr-camera-full-view dialog');
    await root.locator('cr-timeline canvas').waitFor();
    return new TimelineView(page, root);
  }

  /** The recordings of every camera, opened from the cameras section. */
  static async ofEveryCamera(page: Page): Promise<TimelineView> {
    await page.getByRole('button', { name: 'Timeline' }).click();
    const root = page.getByRole('dialog', { name: 'Recordings' });
    await root.locator('cr-timeline canvas').waitFor();
    return new TimelineView(page, root);
  }

  canvas(): Locator {
    return this.root.locator('cr-timeline canvas');
  }

  workspace(): Locator {
    return this.root.locator('cr-timeline-workspace');
  }

  pane(cameraId: string): Locator {
    return this.root.locator(`cr-playback-pane[data-camera-id="${cameraId}"]`);
  }

  async view(): Promise<{ startMs: number; endMs: number }> {
    const timeline = this.root.locator('cr-timeline');
    return {
      startMs: Number(await timeline.getAttribute('data-view-start')),
      endMs: Number(await timeline.getAttribute('data-view-end')),
    };
  }

  /** Waits until the timeline has drawn the data of its view (not loading). */
  async settled(): Promise<void> {
    const timeline = this.root.locator('cr-timeline');
    await waitFor(
      'the timeline to load',
      async () => (await timeline.getAttribute('data-loading')) === 'false',
    );
  }

  /** Clicks the first lane at the pixel of `ms` (which must be in view). */
  async clickAt(ms: number): Promise<void> {
    const box = await this.canvas().boundingBox();
    if (!box) throw new Error('the timeline is not on screen');
    const { startMs, endMs } = await this.view();
    if (ms < startMs || ms > endMs) throw new Error(`${new Date(ms).toISOString()} is not in view`);
    const x = box.x + ((ms - startMs) / (endMs - startMs)) * box.width;
    await this.page.mouse.click(x, box.y + FIRST_LANE_Y);
  }

  /** Shift+drags along the first lane from `fromMs` to `toMs` (both in view): the in/out marks. */
  async markRange(fromMs: number, toMs: number): Promise<void> {
    const box = await this.canvas().boundingBox();
    if (!box) throw new Error('the timeline is not on screen');
    const { startMs, endMs } = await this.view();
    const xOf = (ms: number) => {
      if (ms < startMs || ms > endMs)
        throw new Error(`${new Date(ms).toISOString()} is not in view`);
      return box.x + ((ms - startMs) / (endMs - startMs)) * box.width;
    };
    const y = box.y + FIRST_LANE_Y;
    await this.page.keyboard.down('Shift');
    await this.page.mouse.move(xOf(fromMs), y);
    await this.page.mouse.down();
    await this.page.mouse.move(xOf(toMs), y, { steps: 5 });
    await this.page.mouse.up();
    await this.page.keyboard.up('Shift');
  }

  /** The instant the last click or key asked for. */
  async requestedMs(): Promise<number> {
    return Number(await this.workspace().getAttribute('data-requested-ms'));
  }

  async positionMs(): Promise<number> {
    return Number(await this.workspace().getAttribute('data-position-ms'));
  }

  async playing(): Promise<boolean> {
    return (await this.workspace().getAttribute('data-playing')) === 'true';
  }

  async press(key: string): Promise<void> {
    await this.canvas().focus();
    await this.page.keyboard.press(key);
  }

  /** Keeps pressing + or − until the view spans about `spanMs` (within 1.5×). */
  async zoomTo(spanMs: number): Promise<void> {
    const spanNow = async () => {
      const { startMs, endMs } = await this.view();
      return endMs - startMs;
    };
    for (let i = 0; i < 40; i++) {
      const span = await spanNow();
      if (span > spanMs * 1.5) await this.press('+');
      else if (span < spanMs / 1.5) await this.press('-');
      else return;
      // The view changes at the next render: decide the next key on the new one.
      await waitFor('the zoom to change the view', async () => (await spanNow()) !== span);
    }
    throw new Error(`the view does not zoom to ${spanMs} ms: it spans ${await spanNow()} ms`);
  }

  /** Moves the view so `ms` is in its middle (dragging, as a person pans). */
  async centreOn(ms: number): Promise<void> {
    const box = await this.canvas().boundingBox();
    if (!box) throw new Error('the timeline is not on screen');
    for (let i = 0; i < 30; i++) {
      const { startMs, endMs } = await this.view();
      const span = endMs - startMs;
      const offsetPx = ((ms - (startMs + endMs) / 2) / span) * box.width;
      if (Math.abs(offsetPx) < box.width * 0.05) return;
      const step = Math.max(-box.width * 0.4, Math.min(box.width * 0.4, offsetPx));
      const y = box.y + FIRST_LANE_Y;
      const from = box.x + box.width / 2;
      await this.page.mouse.move(from, y);
      await this.page.mouse.down();
      await this.page.mouse.move(from - step / 2, y, { steps: 2 });
      await this.page.mouse.move(from - step, y, { steps: 2 });
      await this.page.mouse.up();
    }
  }
}
