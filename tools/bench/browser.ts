// Glass-to-glass in headless Chromium: what the page paints is read back every animation frame
// (the frame-index bar of the tile's canvas or video), timed on the same wall clock as the
// camera's frame log. On the H.264 WebCodecs path the page's VideoDecoder is also wrapped to
// time each frame's decode() call (its arrival from the socket) and its output (decoded).
import { launchChromium, type LaunchedChromium } from '@camrec/testing';
import type { Page } from 'playwright-core';
import { frameIndexBrowserScript, type PageFrameIndex } from './frame-index-script';
import type { Sample } from './latency';
import { sleep } from './stats';

/** What the page shows: a tile's canvas or video, the baseline's image. */
type PictureSource = HTMLVideoElement | HTMLImageElement | HTMLCanvasElement;

/** A decode timed in the page: `[frame index, decode() called at, output at]` (wall ms). */
type Decode = [index: number, calledAt: number, decodedAt: number];

/** The probe `instrumentPage` installs as `window.__bench`. */
interface PageProbe {
  paints: Sample[];
  decodes: Decode[];
  source: (() => PictureSource | null) | null;
  running: boolean;
  readIndex(source: CanvasImageSource, width: number, height: number): number | null;
  start(source: () => PictureSource | null): void;
}

declare global {
  interface Window {
    __bench: PageProbe;
    __frameIndex: PageFrameIndex;
  }
}

/**
 * Runs in the page before the app (Playwright sends its source): the bar reader, the paint
 * probe and the decoder tap. It may use nothing but the page's globals.
 */
function instrumentPage(): void {
  const now = () => performance.timeOrigin + performance.now();
  const buffers = new Map<string, Uint8Array>();
  const probe = new OffscreenCanvas(16, 16);
  const probeContext = probe.getContext('2d', { willReadFrequently: true });
  /** The bar of `source` (video, canvas, VideoFrame) as a frame index, or null. */
  const readIndex = (source: CanvasImageSource, width: number, height: number) => {
    if (!width || !height || !probeContext) return null;
    const barHeight = Math.min(height, window.__frameIndex.frameIndexBarHeight(height));
    if (probe.width !== width || probe.height !== barHeight) {
      probe.width = width;
      probe.height = barHeight;
    }
    probeContext.drawImage(source, 0, 0, width, barHeight, 0, 0, width, barHeight);
    const pixels = probeContext.getImageData(0, 0, width, barHeight).data;
    const key = `${width}x${height}`;
    const gray = buffers.get(key) ?? new Uint8Array(width * height);
    buffers.set(key, gray);
    for (let i = 0; i < width * barHeight; i++) {
      const p = i * 4;
      gray[i] = (0.299 * pixels[p] + 0.587 * pixels[p + 1] + 0.114 * pixels[p + 2]) | 0;
    }
    return window.__frameIndex.decodeFrameIndex(gray, width, height);
  };
  const bench: PageProbe = {
    paints: [],
    decodes: [],
    source: null,
    running: false,
    readIndex,
    start: (source) => {
      bench.source = source;
      bench.running = true;
      bench.paints.length = 0;
      bench.decodes.length = 0;
      requestAnimationFrame(onAnimationFrame);
    },
  };
  window.__bench = bench;
  let last: number | null = null;
  const onAnimationFrame = () => {
    if (!bench.running) return;
    // The picture was on screen when this animation frame began, not once the bar is read.
    const at = now();
    const source = bench.source?.();
    if (source) {
      const index =
        source instanceof HTMLVideoElement
          ? readIndex(source, source.videoWidth, source.videoHeight)
          : source instanceof HTMLImageElement
            ? readIndex(source, source.naturalWidth, source.naturalHeight)
            : readIndex(source, source.width, source.height);
      if (index !== null && index !== last) bench.paints.push([index, at]);
      last = index ?? last;
    }
    requestAnimationFrame(onAnimationFrame);
  };
  if (window.VideoDecoder) {
    const Original = window.VideoDecoder;
    window.VideoDecoder = class extends Original {
      private readonly calls: Map<number, number>;

      constructor(init: VideoDecoderInit) {
        const calls = new Map<number, number>();
        super({
          ...init,
          output: (frame) => {
            const decodedAt = now();
            if (bench.running) {
              const index = readIndex(frame, frame.displayWidth, frame.displayHeight);
              const calledAt = calls.get(frame.timestamp);
              if (index !== null && calledAt) bench.decodes.push([index, calledAt, decodedAt]);
            }
            calls.delete(frame.timestamp);
            init.output(frame);
          },
        });
        this.calls = calls;
      }

      override decode(chunk: EncodedVideoChunk): void {
        this.calls.set(chunk.timestamp, now());
        const oldest = this.calls.keys().next();
        if (this.calls.size > 300 && !oldest.done) this.calls.delete(oldest.value);
        super.decode(chunk);
      }
    };
  }
}

/** Chromium (a fresh profile) with the paint probe and the decoder tap in every page. */
export async function launchBrowser(): Promise<LaunchedChromium> {
  const browser = await launchChromium();
  await browser.context.addInitScript({ content: frameIndexBrowserScript() });
  await browser.context.addInitScript(instrumentPage);
  return browser;
}

export interface PageProbeResult {
  startedAt: number;
  endedAt: number;
  paints: Sample[];
  decodes: Decode[];
}

/**
 * Opens the dashboard with `?decoder=`, waits until the tile of `sessionName` paints with that
 * decoder, then records paints (and decodes) for `seconds`. Returns wall-clock samples.
 */
export async function probeDashboard(
  browser: LaunchedChromium,
  baseUrl: string,
  sessionName: string,
  decoder: string,
  seconds: number,
): Promise<PageProbeResult> {
  const page = await browser.context.newPage();
  try {
    await page.goto(`${baseUrl}/?decoder=${decoder}`);
    const tile = page.locator('cr-session-tile', {
      has: page.getByRole('heading', { name: sessionName, exact: true }),
    });
    await tile.waitFor({ timeout: 20_000 });
    const deadline = Date.now() + 20_000;
    while ((await tile.getAttribute('data-decoder')) !== decoder) {
      if (Date.now() > deadline) throw new Error(`tile ${sessionName} never used ${decoder}`);
      await sleep(200);
    }
    await tile.evaluate((host: HTMLElement) =>
      window.__bench.start(() =>
        host.dataset.decoder === 'mse' ? host.querySelector('video') : host.querySelector('canvas'),
      ),
    );
    return await record(page, seconds);
  } finally {
    await page.close();
  }
}

/** The original design's viewer page, served by the baseline harness itself. */
export async function probeBaseline(
  browser: LaunchedChromium,
  baselineUrl: string,
  camera: number,
  seconds: number,
): Promise<PageProbeResult> {
  const page = await browser.context.newPage();
  try {
    await page.goto(`${baselineUrl}/?camera=${camera}`);
    await page.waitForFunction(
      () => ((document.getElementById('live') as HTMLImageElement | null)?.naturalWidth ?? 0) > 300,
      null,
      { timeout: 20_000 },
    );
    await page.evaluate(() =>
      window.__bench.start(() => document.getElementById('live') as HTMLImageElement | null),
    );
    return await record(page, seconds);
  } finally {
    await page.close();
  }
}

/**
 * Records from the first picture painted: a page's first frames wait for a keyframe and then
 * come in a burst, and a short (quick) window that began with the page counted that wait as
 * frames not painted and the burst as latency (16.7 % painted, p50 244 ms where the full run's
 * 15 s window gave 100 % and 98.5 ms).
 */
async function record(page: Page, seconds: number): Promise<PageProbeResult> {
  await page.waitForFunction(() => window.__bench.paints.length > 0, null, { timeout: 20_000 });
  const startedAt = Date.now();
  await sleep(seconds * 1000);
  const { paints, decodes } = await page.evaluate(() => {
    window.__bench.running = false;
    return { paints: window.__bench.paints, decodes: window.__bench.decodes };
  });
  return { startedAt, endedAt: Date.now(), paints, decodes };
}
