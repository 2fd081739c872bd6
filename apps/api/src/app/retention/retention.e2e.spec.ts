import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SimCamera, startRtspCamera } from '@camrec/camera-sim';
import type { VideoItem } from '@camrec/shared-types';
import { getJson, openSession, postJson, waitFor } from '../../test-support/http';
import { serverMediaPids, startTestApp, TestApp } from '../../test-support/test-app';

const GB = 1024 ** 3;

describe('retention (booted app, real recordings)', () => {
  let dir: string;
  let cam: SimCamera;
  const apps: TestApp[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'camrec-retention-'));
    cam = await startRtspCamera({ fps: 10, gop: 1 });
  });

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
    await cam?.stop();
    rmSync(dir, { recursive: true, force: true });
    expect(serverMediaPids()).toEqual([]);
  });

  async function record(app: TestApp, sessionId: string): Promise<string> {
    const started = await postJson(app, '/record/start', { session_id: sessionId, duration: 1 });
    expect(started.status).toBe(201);
    await waitFor('the clip to be final', async () => {
      const { videos } = (await getJson(app, '/videos')).body;
      return videos.some((v: VideoItem) => v.filename === started.body.filename) || undefined;
    });
    return started.body.filename;
  }

  it('deletes the oldest clip not kept, never a kept one, and says so in /health', async () => {
    const videosDir = join(dir, 'videos');
    const first = await startTestApp({ videos_dir: videosDir });
    apps.push(first);
    const sessionId = await openSession(first, cam.url);
    const [oldest, middle, newest] = [
      await record(first, sessionId),
      await record(first, sessionId),
      await record(first, sessionId),
    ];
    const kept = await fetch(`${first.baseUrl}/videos/${oldest}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ keep: true }),
    });
    expect(kept.status).toBe(200);
    expect((await kept.json()).keep).toBe(true);
    const bad = await fetch(`${first.baseUrl}/videos/${oldest}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ keep: 'yes' }),
    });
    expect(bad.status).toBe(400);
    expect((await bad.json()).message).toBe('keep must be true or false');
    const videos: VideoItem[] = (await getJson(first, '/videos')).body.videos;
    await first.close();

    // A limit the library exceeds by less than the middle clip: deleting it is enough.
    const size = (name: string) => videos.find((v) => v.filename === name)?.size_bytes ?? 0;
    const total = videos.reduce((sum, v) => sum + v.size_bytes, 0);
    const limitBytes = total - size(middle) + 1;
    const second = await startTestApp({ videos_dir: videosDir, retention_max_gb: limitBytes / GB });
    apps.push(second);
    const left = await waitFor('retention to run', async () => {
      const names = (await getJson(second, '/videos')).body.videos.map(
        (v: VideoItem) => v.filename,
      );
      return names.includes(middle) ? undefined : names;
    });
    expect(left.sort()).toEqual([oldest, newest].sort());
    const health = (await getJson(second, '/health')).body;
    expect(health.retention.recent_deletions).toEqual([
      {
        filename: middle,
        deleted_at: expect.any(String),
        reason: expect.stringContaining('retention_max_gb'),
      },
    ]);
    expect(health.retention.used_bytes).toBe(size(oldest) + size(newest));
    expect(second.logs.some((line) => line.includes(`deleted ${middle}`))).toBe(true);
  }, 120_000);
});
