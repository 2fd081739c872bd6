import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { motionScene, SimCamera, startRtspCamera } from '@camrec/testing/camera-sim';
import type { MotionEvent, VideoItem } from '@camrec/shared-types';
import { getJson, openSession, postJson } from '../../test-support/http';
import { SIM_TOP_BAND } from '../../test-support/motion';
import { serverMediaPids, startTestApp, TestApp } from '../../test-support/test-app';
import { RetentionService } from './retention.service';
import { assertPlayable, waitFor } from '@camrec/testing';

const GB = 1024 ** 3;

describe('retention (booted app, real recordings)', () => {
  let dir: string;
  let cam: SimCamera;
  const apps: TestApp[] = [];
  const cameras: SimCamera[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'camrec-retention-'));
    cam = await startRtspCamera({ fps: 10, gop: 1 });
  });

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
    await cam?.stop();
    await Promise.all(cameras.map((camera) => camera.stop()));
    rmSync(dir, { recursive: true, force: true });
    expect(serverMediaPids()).toEqual([]);
  });

  async function record(app: TestApp, sessionId: string, duration = 1): Promise<string> {
    const started = await postJson(app, '/record/start', { session_id: sessionId, duration });
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

  it('while a manual recording and a motion clip are written: deletes the oldest finished clip only, and both finish playable', async () => {
    // A folder of its own per run: a second run (retry-real-time-tests) must not find the
    // first run's clips.
    const videosDir = mkdtempSync(join(dir, 'busy-videos-'));
    const paths = (name: string) => ({
      part: join(videosDir, `${name}.part`),
      metadata: join(videosDir, name.replace(/\.mp4$/, '.json')),
    });
    // The old clips come from a camera of high bitrate, so that the oldest (B) outweighs
    // everything recorded later: deleting it alone brings the library under the limit.
    const big = await startRtspCamera({ width: 1280, height: 720, fps: 25, gop: 1 });
    cameras.push(big);
    const first = await startTestApp({ videos_dir: videosDir });
    apps.push(first);
    const bigSession = await openSession(first, big.url);
    const kept = await record(first, bigSession);
    const oldest = await record(first, bigSession, 5);
    const patched = await fetch(`${first.baseUrl}/videos/${kept}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ keep: true }),
    });
    expect(patched.status).toBe(200);
    const before: VideoItem[] = (await getJson(first, '/videos')).body.videos;
    await first.close();
    await big.stop();
    const sizeIn = (videos: VideoItem[], name: string) =>
      videos.find((v) => v.filename === name)?.size_bytes ?? NaN;
    // Over the limit as soon as one more clip is final, not before (nothing goes at start).
    const limitBytes = sizeIn(before, kept) + sizeIn(before, oldest) + 1;

    // The newer clips stay small however long a loaded machine takes to get to the motion: the
    // manual clip runs until then, from a small camera at 4 fps (at 10 fps its clock and frame
    // index cost 36 kB/s: on a loaded run the clips made here outweighed the oldest).
    const still = await startRtspCamera({ width: 320, height: 180, fps: 4, gop: 20 });
    const moving = await startRtspCamera({
      fps: 10,
      gop: 10,
      scene: motionScene({ width: 640, height: 360, fps: 10, moveAtS: 7, moveForS: 4 }),
    });
    cameras.push(still, moving);
    const app = await startTestApp({
      videos_dir: videosDir,
      retention_max_gb: limitBytes / GB,
    });
    apps.push(app);
    const manualSession = await openSession(app, still.url);
    const motionOpen = await postJson(app, '/session/open', {
      url: moving.url,
      motion: {
        enabled: true,
        record: true,
        pre_roll_s: 2,
        post_roll_s: 3,
        zones_excluded: [SIM_TOP_BAND],
      },
    });
    expect(motionOpen.status).toBe(201);
    const motionSession: string = motionOpen.body.session_id;
    const manual = await postJson(app, '/record/start', { session_id: manualSession });
    expect(manual.status).toBe(201);
    const manualClip: string = manual.body.filename;

    const event: MotionEvent = await waitFor(
      'a motion clip being written',
      async () => {
        const [current] = (await getJson(app, `/events?session_id=${motionSession}`)).body.events;
        return current?.filename && !current.ended_at ? current : undefined;
      },
      { timeoutMs: 40_000 },
    );
    const motionClip = event.filename as string;
    expect(existsSync(paths(motionClip).part)).toBe(true);
    // A short manual clip of the moving camera (beside its motion clip): once final, the
    // library is over the limit while both other clips are still being written.
    const short = await record(app, motionSession);
    const health = await waitFor('retention to delete a clip', async () => {
      const body = (await getJson(app, '/health')).body;
      return body.retention.recent_deletions.length > 0 ? body : undefined;
    });
    for (const inProgress of [manualClip, motionClip]) {
      expect(existsSync(paths(inProgress).part)).toBe(true);
      expect(existsSync(paths(inProgress).metadata)).toBe(true);
    }
    expect(health.retention.recent_deletions).toEqual([
      {
        filename: oldest,
        deleted_at: expect.any(String),
        reason: expect.stringContaining('retention_max_gb'),
      },
    ]);
    let listed: VideoItem[] = (await getJson(app, '/videos')).body.videos;
    expect(listed.map((v) => v.filename).sort()).toEqual([kept, short].sort());
    // Clips being written are neither listed nor counted.
    expect(health.retention.used_bytes).toBe(sizeIn(listed, kept) + sizeIn(listed, short));
    expect(health.retention.free_bytes).toBeGreaterThan(0);
    expect(app.logs.some((line) => line.includes(`deleted ${oldest}`))).toBe(true);
    expect((await getJson(app, `/record/status/${manualSession}`)).body.state).toBe('recording');

    const stopped = await postJson(app, '/record/stop', { session_id: manualSession });
    expect(stopped.status).toBe(200);
    assertPlayable(join(videosDir, manualClip));
    const motionVideo: VideoItem = await waitFor(
      'the motion clip to be final',
      async () => {
        const { videos } = (await getJson(app, '/videos')).body;
        return videos.find((v: VideoItem) => v.filename === motionClip);
      },
      { timeoutMs: 30_000 },
    );
    expect(motionVideo).toMatchObject({ trigger: 'motion', event_id: event.id, keep: false });
    assertPlayable(join(videosDir, motionClip));
    // The passes after those two clips found the library under the limit: nothing more went.
    await waitFor('the event to end', async () => {
      const [current] = (await getJson(app, `/events?session_id=${motionSession}`)).body.events;
      return current?.ended_at ? true : undefined;
    });
    await app.app.get(RetentionService).enforce();
    listed = (await getJson(app, '/videos')).body.videos;
    expect(listed.map((v) => v.filename).sort()).toEqual(
      [kept, short, manualClip, motionClip].sort(),
    );
    expect((await getJson(app, '/health')).body.retention.recent_deletions).toHaveLength(1);
    expect(listed.reduce((sum, v) => sum + v.size_bytes, 0)).toBeLessThanOrEqual(limitBytes);
  }, 180_000);
});
