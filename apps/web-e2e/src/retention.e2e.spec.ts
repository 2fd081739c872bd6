import type { StartRecordingResponse, VideoItem } from '@camrec/shared-types';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchBrowser, type TestBrowser } from './test-support/browser';
import { Dashboard } from './test-support/dashboard';
import { startRtspCamera, type SimCamera } from '@camrec/testing/camera-sim';
import { waitFor, launchServer, type LaunchedServer } from '@camrec/testing';

const GB = 1024 ** 3;

/**
 * Retention seen in the dashboard: a clip kept in the library survives a limit that the
 * oldest clip would otherwise answer for; the oldest unprotected one goes, and the library says so.
 */
describe('retention in the dashboard', () => {
  const videosDir = join(mkdtempSync(join(tmpdir(), 'camrec-retention-')), 'videos');
  let cam: SimCamera;
  let browser: TestBrowser;
  const servers: LaunchedServer[] = [];

  beforeAll(async () => {
    cam = await startRtspCamera({ width: 640, height: 360, fps: 25, gop: 1 });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    for (const server of servers) await server.stop();
    await cam?.stop();
    rmSync(join(videosDir, '..'), { recursive: true, force: true });
    expect(browser?.pageErrors ?? []).toEqual([]);
  });

  const api = async <T>(server: LaunchedServer, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${server.baseUrl}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };
  const listed = async (server: LaunchedServer) =>
    (await api<{ videos: VideoItem[] }>(server, '/videos')).videos;

  it('deletes the oldest clip not kept, never the kept one, and shows what it deleted', async () => {
    const first = await launchServer({ settings: { videos_dir: videosDir } });
    servers.push(first);
    const { session_id } = await api<{ session_id: string }>(first, '/session/open', {
      url: cam.url,
    });
    const names: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const started = await api<StartRecordingResponse>(first, '/record/start', {
        session_id,
        duration: 2,
      });
      await waitFor(
        `clip ${i + 1} to be in the library`,
        async () => (await listed(first)).some((v) => v.filename === started.filename),
        { timeoutMs: 30_000 },
      );
      names.push(started.filename);
    }
    const [oldest, middle, newest] = names;

    // Keep the oldest from the library, as a person does.
    const ui = new Dashboard(await browser.newPage(), first.baseUrl);
    await ui.goto();
    await ui.page.getByRole('button', { name: 'Refresh recordings' }).click();
    const oldestCard = ui.page.locator(`cr-video-card[data-filename="${oldest}"]`);
    await oldestCard.locator('.keep-toggle').click();
    await waitFor(
      'the oldest clip to be kept',
      async () => (await listed(first)).find((v) => v.filename === oldest)?.keep === true,
    );
    const videos = await listed(first);
    const size = (name: string) => videos.find((v) => v.filename === name)?.size_bytes ?? 0;
    await ui.page.close();
    await first.stop();
    servers.splice(servers.indexOf(first), 1);

    // Restarted with a limit one byte above the library without its middle clip (kept clips
    // count towards it): retention must pass over the kept oldest clip and take the middle one.
    const limitBytes = size(oldest) + size(newest) + 1;
    const second = await launchServer({
      settings: { videos_dir: videosDir, retention_max_gb: limitBytes / GB },
    });
    servers.push(second);
    const left = await waitFor('retention to run', async () => {
      const now = (await listed(second)).map((v) => v.filename);
      return now.length < 3 ? now : undefined;
    });
    expect(left.sort()).toEqual([oldest, newest].sort());

    const library = new Dashboard(await browser.newPage(), second.baseUrl);
    await library.goto();
    await library.page.getByRole('button', { name: 'Refresh recordings' }).click();
    const keptCard = library.page.locator(`cr-video-card[data-filename="${oldest}"]`);
    await keptCard.waitFor();
    expect(await keptCard.locator('.keep-toggle').getAttribute('aria-pressed')).toBe('true');
    expect(await library.page.locator('cr-video-card').count()).toBe(2);
    const note = library.page.locator('p.retention');
    await note.waitFor({ timeout: 15_000 });
    const text = await note.textContent();
    expect(text).toContain(middle);
    expect(text).toContain('retention_max_gb');
    await library.screenshot('retention-1-library');
  }, 180_000);
});
