import type { StartRecordingResponse } from '@camrec/shared-types';
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import { launchBrowser, type TestBrowser } from './test-support/browser';
import { Dashboard } from './test-support/dashboard';
import { startRtspCamera, type SimCamera } from '@camrec/testing/camera-sim';
import { ffprobe, sleep, waitFor, launchServer, type LaunchedServer } from '@camrec/testing';

/** 10 s in CI; `CAMREC_E2E_RECORD_SECONDS=60` runs the seed's one-minute recording. */
const RECORD_SECONDS = Number(process.env['CAMREC_E2E_RECORD_SECONDS'] ?? 10);
const GOP_SECONDS = 2;

interface Probe {
  codec: string;
  width: number;
  height: number;
  duration: number;
}

function probe(file: string): Probe {
  const { streams, format } = ffprobe(file);
  const video = streams.find((stream) => stream.codec_type === 'video');
  if (!video) throw new Error(`${file} has no video stream`);
  return {
    codec: video.codec_name,
    width: video.width ?? 0,
    height: video.height ?? 0,
    duration: Number(format.duration),
  };
}

/** Output lines of an ffprobe run over the video stream, or its errors. */
function ffprobeLines(file: string, args: string[]): { lines: string[]; errors: string } {
  const result = spawnSync('ffprobe', ['-v', 'error', '-select_streams', 'v:0', ...args, file], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const lines = result.stdout.split('\n').filter((line) => line.trim() !== '');
  const errors =
    result.status === 0 ? result.stderr.trim() : `exit ${result.status}: ${result.stderr}`;
  return { lines, errors };
}

/**
 * A complete, playable MP4: every video packet decodes to a frame, without one error.
 * (ffprobe decodes for `-show_frames` and muxes nothing, so the camera's variable frame
 * timing, kept on purpose, raises no muxer warnings as `ffmpeg -f null` would.)
 */
function expectFullyDecodable(file: string): void {
  const packets = ffprobeLines(file, ['-show_entries', 'packet=pts', '-of', 'csv=p=0']);
  const frames = ffprobeLines(file, ['-show_entries', 'frame=pts', '-of', 'csv=p=0']);
  expect(packets.errors).toBe('');
  expect(frames.errors).toBe('');
  expect(packets.lines.length).toBeGreaterThan(10);
  expect(frames.lines.length).toBe(packets.lines.length);
}

/** Seed scenarios 3, 4 and 7, and the library: play, seek, download, delete. */
describe('recording from the dashboard', () => {
  let server: LaunchedServer;
  let browser: TestBrowser;
  let cam: SimCamera;
  let sideCam: SimCamera;
  let ui: Dashboard;

  beforeAll(async () => {
    server = await launchServer();
    browser = await launchBrowser();
    cam = await startRtspCamera({ width: 640, height: 360, fps: 25, gop: GOP_SECONDS });
    sideCam = await startRtspCamera({ width: 640, height: 360, fps: 25, gop: GOP_SECONDS });
    ui = new Dashboard(await browser.newPage(), server.baseUrl);
    await ui.goto();
  });

  afterAll(async () => {
    await ui?.closeAllSessions();
    await browser?.close();
    await cam?.stop();
    await sideCam?.stop();
    await server?.stop();
    expect(browser?.pageErrors ?? []).toEqual([]);
  });

  async function liveTile(name: string, camera = cam): Promise<Locator> {
    const existing = ui.tile(name);
    const tile = (await existing.count()) ? existing : await ui.openCamera(camera.url, name);
    await ui.waitForState(tile, 'live');
    return tile;
  }

  async function startRecording(tile: Locator, name: string, length: string): Promise<string> {
    await tile.getByLabel(`Recording length for ${name}`).selectOption({ label: length });
    const started = ui.page.waitForResponse((r) => r.url().endsWith('/record/start'));
    await tile.getByRole('button', { name: `Record ${name}` }).click();
    const response = await started;
    expect(response.status()).toBe(201);
    return ((await response.json()) as StartRecordingResponse).filename;
  }

  function card(filename: string): Locator {
    return ui.page.locator(`cr-video-card[data-filename="${filename}"]`);
  }

  it(`3. records ${RECORD_SECONDS} s and the library shows the finished MP4`, async () => {
    const tile = await liveTile('Front door');
    const filename = await startRecording(
      tile,
      'Front door',
      RECORD_SECONDS === 10 ? '10 s' : RECORD_SECONDS === 60 ? '1 min' : '30 s',
    );
    await tile.locator('.rec-badge').waitFor();
    await sleep(2500);
    expect(await tile.getByRole('progressbar').getAttribute('aria-valuemax')).toBe(
      String(RECORD_SECONDS),
    );
    await ui.screenshot('3-recording-in-progress');

    await card(filename).waitFor({ timeout: (RECORD_SECONDS + 40) * 1000 });
    await tile.locator('.rec-badge').waitFor({ state: 'detached' });
    const file = join(server.videosDir, filename);
    const info = probe(file);
    expect(info.codec).toBe('h264');
    expect([info.width, info.height]).toEqual([640, 360]);
    expect(info.duration).toBeGreaterThanOrEqual(RECORD_SECONDS - 0.05);
    expect(info.duration).toBeLessThanOrEqual(RECORD_SECONDS + GOP_SECONDS + 0.25);
    await ui.screenshot('3-recording-in-library');
  });

  it('4. a recording stopped early is a complete, playable MP4', async () => {
    const tile = await liveTile('Front door');
    const filename = await startRecording(tile, 'Front door', 'Until stopped');
    await sleep(4000);
    await tile.getByRole('button', { name: 'Stop recording Front door' }).click();
    await card(filename).waitFor({ timeout: 30_000 });
    const file = join(server.videosDir, filename);
    const info = probe(file);
    expect(info.codec).toBe('h264');
    expect(info.duration).toBeGreaterThan(2);
    expect(info.duration).toBeLessThan(10);
    expectFullyDecodable(file);
    await ui.screenshot('4-stopped-early');
  });

  it('7. closing a session during recording finalises the file into the library', async () => {
    const tile = await liveTile('Side gate', sideCam);
    const filename = await startRecording(tile, 'Side gate', 'Until stopped');
    await sleep(3000);
    await tile.getByRole('button', { name: 'Close Side gate' }).click();
    await tile.waitFor({ state: 'detached' });
    await card(filename).waitFor({ timeout: 30_000 });
    const file = join(server.videosDir, filename);
    expect(existsSync(`${file}.part`)).toBe(false);
    expect(probe(file).duration).toBeGreaterThan(1.5);
    expectFullyDecodable(file);
    await ui.screenshot('7-closed-during-recording');
  });

  it('plays a recording in the library and seeks with Range requests', async () => {
    const first = ui.page.locator('cr-video-card').first();
    const ranges: number[] = [];
    ui.page.on('response', (response) => {
      if (/\/videos\/[^/]+\.mp4$/.test(new URL(response.url()).pathname)) {
        if (response.request().headers()['range']) ranges.push(response.status());
      }
    });
    await first.locator('.thumb').click();
    const video = ui.page.locator('dialog[open] video');
    await video.waitFor();
    await waitFor('playback to advance', () =>
      video.evaluate((v: HTMLVideoElement) => v.currentTime > 0.5),
    );
    const target = await video.evaluate((v: HTMLVideoElement) => {
      const to = Math.max(1, v.duration / 2);
      v.pause();
      v.currentTime = to;
      return to;
    });
    await waitFor('the seek to land', () =>
      video.evaluate(
        (v: HTMLVideoElement, to: number) => !v.seeking && Math.abs(v.currentTime - to) < 0.5,
        target,
      ),
    );
    expect(ranges.length).toBeGreaterThan(0);
    expect(ranges.every((status) => status === 206 || status === 200)).toBe(true);
    expect(ranges).toContain(206);
    await ui.screenshot('library-player', { fullPage: false });
    await ui.page.keyboard.press('Escape');
    await ui.page.locator('dialog[open]').waitFor({ state: 'detached' });
  });

  it('downloads a recording as a file', async () => {
    const first = ui.page.locator('cr-video-card').first();
    const filename = await first.getAttribute('data-filename');
    const downloading = ui.page.waitForEvent('download');
    await first.getByRole('link', { name: /^Download/ }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe(filename);
    const saved = await download.path();
    expect(statSync(saved).size).toBe(statSync(join(server.videosDir, filename ?? '')).size);
  });

  it('deletes a recording only after confirmation', async () => {
    const cards = ui.page.locator('cr-video-card');
    const before = await cards.count();
    const first = cards.first();
    const filename = (await first.getAttribute('data-filename')) ?? '';
    await first.getByRole('button', { name: /^Delete/ }).click();
    await first.getByText('Delete this recording?').waitFor();
    await ui.screenshot('library-delete-confirmation');
    await first.getByRole('button', { name: 'Delete', exact: true }).click();
    await waitFor('the card to go', async () => (await cards.count()) === before - 1);
    expect(existsSync(join(server.videosDir, filename))).toBe(false);
  });
});
