import type { CameraInfo } from '@camrec/shared-types';
import type { Page } from 'playwright-core';
import { launchBrowser, type TestBrowser } from './test-support/browser';
import {
  PlaybackProbe,
  TimelineView,
  api,
  disabledCamera,
  writeFrameIndexFootage,
  type Footage,
} from '@camrec/timeline-harness';
import { launchServer, sleep, waitFor, type LaunchedServer } from '@camrec/testing';

const MINUTE = 60_000;
const FOOTAGE_SIZE = { width: 320, height: 240 };

/**
 * Footage kept as JPEG frames (an MJPEG camera with `mjpeg_storage: "jpeg"`) played from the
 * timeline in a real Chromium, beside a video camera's footage of the same frames at the same
 * instants: a minute of each, every frame carrying its index, written as continuous
 * recording writes them (5 s and 10 s segments) before the server starts. What is checked is
 * what the JPEG pane's canvas paints: each frame it draws, and every animation frame beside the
 * video pane's picture.
 */
describe('timeline playback of footage kept as JPEG frames', () => {
  let server: LaunchedServer;
  let browser: TestBrowser;
  let page: Page;
  let porch: CameraInfo;
  let drive: CameraInfo;
  let jpeg: Footage;

  beforeAll(async () => {
    server = await launchServer();
    porch = await api<CameraInfo>(server.baseUrl, '/cameras', disabledCamera('Porch'));
    drive = await api<CameraInfo>(server.baseUrl, '/cameras', disabledCamera('Drive'));
    const startMs = Math.floor(Date.now() / 1000) * 1000 - 10 * MINUTE;
    const footage = { videosDir: server.videosDir, startMs, seconds: 60 };
    // Both cameras' footage and the browser at once: the file has 20 s.
    [jpeg, , browser] = await Promise.all([
      writeFrameIndexFootage({
        ...footage,
        cameras: [{ id: porch.id, segmentS: 5 }],
        storage: 'jpeg',
      }),
      writeFrameIndexFootage({ ...footage, cameras: [{ id: drive.id, segmentS: 10 }] }),
      launchBrowser(),
    ]);
    // The server indexes what it finds in the folder when it starts.
    await server.restart();
    page = await browser.newPage();
  });
  // A test run a second time (retry-real-time-tests) starts on a freshly loaded dashboard, not in
  // the dialog its first run left open.
  beforeEach(() => page.goto(server.baseUrl));

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    expect(browser?.pageErrors ?? []).toEqual([]);
  });

  it('a click plays the frame recorded then, on across a segment boundary, in sync with a video camera', async () => {
    const view = await TimelineView.ofEveryCamera(page);
    const probe = new PlaybackProbe(page, FOOTAGE_SIZE);
    await probe.install();
    await view.settled();
    await view.zoomTo(10 * MINUTE);
    // 1.5 s before a boundary between two of the JPEG camera's 5 s segments.
    const boundary = jpeg.segments[6].startMs;
    const target = boundary - 1_500;
    await view.centreOn(target);
    // Every animation frame from before the click, and every frame the JPEG pane paints: 6 s,
    // so that a page the loaded machine gives 3 to 5 animation frames a second still has ten or
    // more beside the video pane after the first 1.5 s (the boundary's segment lasts 5 s).
    const sampling = probe.sampleAnimationFrames(6_000);
    await sleep(200);
    await view.clickAt(target);
    const requested = await waitFor('the click to be taken', async () =>
      (await view.requestedMs()) > 0 ? view.requestedMs() : undefined,
    );
    const samples = await sampling;

    const frameMs = 1000 / jpeg.fps;
    const painted = (await probe.paints()).filter((paint) => paint.cameraId === porch.id);
    // An unreadable picture (-1) is also one whose index is not its instant's.
    const indices = painted.map((paint) => paint.index ?? -1);
    // Each picture is the frame of the instant the pane says it painted.
    const mislabelled = painted.filter((paint) => paint.index !== jpeg.frameAt(paint.atMs + 1));
    const notForward = indices.filter((index, i) => i > 0 && index <= indices[i - 1]);
    // The pane draws the frame at its clock at each animation frame: a page the machine starves
    // of them (one more than a frame after the last) leaves frames out, as a busy <video> drops
    // them. Counted and shown, not failed: the test is that none comes twice or out of order.
    const leftOut = indices.filter((index, i) => i > 0 && index > indices[i - 1] + 1);
    const gaps = samples.slice(1).map((sample, k) => sample.at - samples[k].at);
    // Beside the video pane, every animation frame from 1.3 s after the click. A canvas drawn
    // at the animation frames may show the frame chosen at the one before (its JPEG still being
    // decoded), so a page that had none for a while may show it that far behind.
    const pairs = samples.flatMap((sample, k) => {
      const a = sample.indices[porch.id];
      const b = sample.indices[drive.id];
      if (k < 2 || sample.at < samples[0].at + 1_500 || a == null || b == null) return [];
      const allowed = Math.max(1, Math.ceil((sample.at - samples[k - 2].at) / frameMs));
      return [{ apart: Math.abs(a - b), allowed }];
    });
    const aparts = pairs.map((p) => p.apart).sort((x, y) => x - y);
    console.log(
      `clicked ${new Date(requested).toISOString()} (frame ${jpeg.frameAt(requested)}), ` +
        `boundary at frame ${jpeg.frameAt(boundary)}: the JPEG pane painted ${indices.length} ` +
        `frames, ${indices[0]}–${indices.at(-1)}, ${leftOut.length} after frames left out ` +
        `(${leftOut.join(' ')}); ${samples.length} animation frames, ` +
        `${gaps.filter((gap) => gap > frameMs).length} over ${frameMs} ms apart; beside the ` +
        `video pane ${pairs.filter((p) => p.apart <= 1).length} of ${pairs.length} within a ` +
        `frame, max ${aparts.at(-1)} apart`,
    );
    expect(mislabelled).toEqual([]);
    // The first picture is the frame recorded at the instant clicked.
    expect(Math.abs(indices[0] - jpeg.frameAt(requested))).toBeLessThanOrEqual(1);
    // On across the boundary (half a second past it at least: a loaded machine paints fewer
    // animation frames in the window), never a frame again nor an earlier one.
    expect(indices.at(-1)).toBeGreaterThan(jpeg.frameAt(boundary) + 5);
    expect(notForward).toEqual([]);
    // In step with the video camera's picture (the same frames at the same instants): mostly
    // the same frame or the next (beyond what the page's gaps explain, on a page the machine
    // starves of animation frames), and never further apart than those gaps explain.
    expect(pairs.length).toBeGreaterThanOrEqual(10);
    const unexplained = pairs.map((p) => Math.max(0, p.apart - (p.allowed - 1)));
    expect(unexplained.sort((x, y) => x - y)[Math.floor(pairs.length / 2)]).toBeLessThanOrEqual(1);
    expect(pairs.filter((p) => p.apart > p.allowed + 2)).toEqual([]);

    // Paused, both show the very same frame; a frame step moves both by one.
    const pane = view.pane(porch.id);
    const videoPane = view.pane(drive.id);
    await view.press('Space');
    await waitFor('paused', async () => !(await view.playing()));
    const still = await waitFor('both on one frame', async () => {
      const a = await probe.indexOn(pane);
      return a !== null && a === (await probe.indexOn(videoPane)) ? a : undefined;
    });
    await view.press('ArrowRight');
    await waitFor('one frame on', async () => {
      const a = await probe.indexOn(pane);
      return a === still + 1 && (await probe.indexOn(videoPane)) === a;
    });
    await view.press('ArrowLeft');
    await view.press('ArrowLeft');
    await waitFor('one frame back from the start', async () => {
      const a = await probe.indexOn(pane);
      return a === still - 1 && (await probe.indexOn(videoPane)) === a;
    });
  });
});
