// Seek → first frame (issue 19): a camera's footage whose frames carry their index, written as
// continuous recording writes it (10 s segments), its timeline in Chromium, and clicks at
// instants in different minutes: the time from each click to the first painted frame of the
// instant clicked (median, p95), every such frame checked against the one recorded then. The
// same page support as the browser test (apps/web-e2e/src/timeline-playback.e2e.spec.ts).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { CameraInfo } from '@camrec/shared-types';
import { startServer } from '../processes';
import { launchChromium, type LaunchedChromium, type LaunchedServer } from '@camrec/testing';
import type { SeekFirstFrameResult } from '../results';
import { round } from '../stats';
import {
  PlaybackProbe,
  TimelineView,
  api,
  disabledCamera,
  measureSeeks,
  writeFrameIndexFootage,
} from '@camrec/timeline-harness';

const MINUTE = 60_000;
const SEGMENT_S = 10;
const SIZE = { width: 320, height: 240 };

export async function measureSeekFirstFrame(run: {
  dir: string;
  footageSeconds: number;
  clicks: number;
}): Promise<SeekFirstFrameResult> {
  // The server indexes the folder when it starts: the camera is saved first, the footage
  // written while the server is stopped, then the server started again on the same folder.
  const videosDir = join(run.dir, 'seek-videos');
  mkdirSync(videosDir, { recursive: true });
  let server: LaunchedServer | null = await startServer({ videos_dir: videosDir });
  let browser: LaunchedChromium | null = null;
  try {
    const camera = await api<CameraInfo>(server.baseUrl, '/cameras', disabledCamera('Seek'));
    await server.stop();
    server = null;
    const footage = await writeFrameIndexFootage({
      videosDir,
      cameras: [{ id: camera.id, segmentS: SEGMENT_S }],
      startMs: Math.floor(Date.now() / 1000) * 1000 - run.footageSeconds * 1000 - 10 * MINUTE,
      seconds: run.footageSeconds,
      size: `${SIZE.width}x${SIZE.height}`,
    });
    server = await startServer({ videos_dir: videosDir });
    browser = await launchChromium();
    const page = await browser.context.newPage();
    await page.goto(server.baseUrl);
    const view = await TimelineView.ofCamera(page, 'Seek');
    const probe = new PlaybackProbe(page, SIZE);
    await probe.install();
    await view.settled();
    // Instants spread over the footage, at odd places within their minute.
    const spanMs = footage.endMs - footage.startMs - 20_000;
    const targets = Array.from(
      { length: run.clicks },
      (_, k) =>
        footage.startMs + 5_000 + Math.floor((k * spanMs) / run.clicks) + ((k * 4_321) % 7_000),
    );
    const seeks = await measureSeeks(page, view, probe, footage, targets);
    const wrong = seeks.clicks.filter(
      ({ first, expected }) => first.index === null || Math.abs(first.index - expected) > 1,
    ).length;
    return {
      footage_s: run.footageSeconds,
      segment_s: SEGMENT_S,
      segments: footage.segments.length,
      size: `${SIZE.width}x${SIZE.height}`,
      fps: footage.fps,
      clicks: seeks.clicks.length,
      median_ms: round(seeks.medianMs, 0),
      p95_ms: round(seeks.p95Ms, 0),
      delays_ms: seeks.delaysMs.map((ms) => Math.round(ms)),
      frames_not_the_instants: wrong,
    };
  } finally {
    await browser?.close();
    await server?.stop();
  }
}
