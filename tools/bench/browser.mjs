// Glass-to-glass in headless Chromium: what the page paints is read back every animation frame
// (the frame-index bar of the tile's canvas or video), timed on the same wall clock as the
// camera's frame log. On the H.264 WebCodecs path the page's VideoDecoder is also wrapped to
// time each frame's decode() call (its arrival from the socket) and its output (decoded).
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumLaunchOptions, FRAME_INDEX_BROWSER_SCRIPT } from './ts-source.mjs';
import { sleep } from './stats.mjs';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');

/** Runs in the page before the app: the bar reader, the paint probe and the decoder tap. */
function instrumentPage() {
  const bench = { paints: [], decodes: [], source: null, running: false };
  window.__bench = bench;
  const now = () => performance.timeOrigin + performance.now();
  const buffers = new Map();
  const probe = new OffscreenCanvas(16, 16);
  const probeContext = probe.getContext('2d', { willReadFrequently: true });
  /** The bar of `source` (video, canvas, VideoFrame) as a frame index, or null. */
  bench.readIndex = (source, width, height) => {
    if (!width || !height) return null;
    const barHeight = Math.min(height, window.__frameIndex.frameIndexBarHeight(height));
    if (probe.width !== width || probe.height !== barHeight) {
      probe.width = width;
      probe.height = barHeight;
    }
    probeContext.drawImage(source, 0, 0, width, barHeight, 0, 0, width, barHeight);
    const pixels = probeContext.getImageData(0, 0, width, barHeight).data;
    const key = `${width}x${height}`;
    if (!buffers.has(key)) buffers.set(key, new Uint8Array(width * height));
    const gray = buffers.get(key);
    for (let i = 0; i < width * barHeight; i++) {
      const p = i * 4;
      gray[i] = (0.299 * pixels[p] + 0.587 * pixels[p + 1] + 0.114 * pixels[p + 2]) | 0;
    }
    return window.__frameIndex.decodeFrameIndex(gray, width, height);
  };
  let last = null;
  const onAnimationFrame = () => {
    if (!bench.running) return;
    // The picture was on screen when this animation frame began, not once the bar is read.
    const at = now();
    const source = bench.source?.();
    if (source) {
      const index =
        source instanceof HTMLVideoElement
          ? bench.readIndex(source, source.videoWidth, source.videoHeight)
          : source instanceof HTMLImageElement
            ? bench.readIndex(source, source.naturalWidth, source.naturalHeight)
            : bench.readIndex(source, source.width, source.height);
      if (index !== null && index !== last) bench.paints.push([index, at]);
      last = index ?? last;
    }
    requestAnimationFrame(onAnimationFrame);
  };
  bench.start = (source) => {
    bench.source = source;
    bench.running = true;
    bench.paints.length = 0;
    bench.decodes.length = 0;
    requestAnimationFrame(onAnimationFrame);
  };
  if (window.VideoDecoder) {
    const Original = window.VideoDecoder;
    window.VideoDecoder = class extends Original {
      constructor(init) {
        const calls = new Map();
        super({
          ...init,
          output: (frame) => {
            const decodedAt = now();
            if (bench.running) {
              const index = bench.readIndex(frame, frame.displayWidth, frame.displayHeight);
              const calledAt = calls.get(frame.timestamp);
              if (index !== null && calledAt) bench.decodes.push([index, calledAt, decodedAt]);
            }
            calls.delete(frame.timestamp);
            init.output(frame);
          },
        });
        this.calls = calls;
      }

      decode(chunk) {
        this.calls.set(chunk.timestamp, now());
        if (this.calls.size > 300) this.calls.delete(this.calls.keys().next().value);
        super.decode(chunk);
      }
    };
  }
}

export async function launchBrowser() {
  const profile = mkdtempSync(join(tmpdir(), 'camrec-bench-chromium-'));
  const context = await chromium.launchPersistentContext(profile, chromiumLaunchOptions());
  await context.addInitScript({ content: FRAME_INDEX_BROWSER_SCRIPT });
  await context.addInitScript(instrumentPage);
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Opens the dashboard with `?decoder=`, waits until the tile of `sessionName` paints with that
 * decoder, then records paints (and decodes) for `seconds`. Returns wall-clock samples.
 */
export async function probeDashboard(browser, baseUrl, sessionName, decoder, seconds) {
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
    await tile.evaluate((host) =>
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
export async function probeBaseline(browser, baselineUrl, camera, seconds) {
  const page = await browser.context.newPage();
  try {
    await page.goto(`${baselineUrl}/?camera=${camera}`);
    await page.waitForFunction(() => document.getElementById('live').naturalWidth > 300, null, {
      timeout: 20_000,
    });
    await page.evaluate(() => window.__bench.start(() => document.getElementById('live')));
    return await record(page, seconds);
  } finally {
    await page.close();
  }
}

async function record(page, seconds) {
  const startedAt = Date.now();
  await sleep(seconds * 1000);
  const { paints, decodes } = await page.evaluate(() => {
    window.__bench.running = false;
    return { paints: window.__bench.paints, decodes: window.__bench.decodes };
  });
  return { startedAt, endedAt: Date.now(), paints, decodes };
}
