import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CameraInfo, SegmentListResponse } from '@camrec/shared-types';
import { readFrameLog, startRtspCamera, type SimCamera } from '@camrec/testing/camera-sim';
import { getJson, postJson } from '../../test-support/http';
import { serverMediaPids, startTestApp, type TestApp } from '../../test-support/test-app';
import { assertPlayable, frameIndices, framesSentFrom, sleep, waitFor } from '@camrec/testing';
import { recordManualClip } from '../../test-support/clips';

/** Segment files of a camera on disk, oldest first (their names sort by start time). */
function segmentFiles(videosDir: string, cameraId: string): string[] {
  const root = join(videosDir, 'continuous', cameraId);
  return readdirSync(root)
    .sort()
    .flatMap((day) =>
      readdirSync(join(root, day))
        .filter((name) => name.endsWith('.mp4'))
        .sort()
        .map((name) => join(root, day, name)),
    );
}

describe('continuous recording of a saved camera (booted app, simulated camera)', () => {
  let dir: string;
  let app: TestApp;
  const cameras: SimCamera[] = [];

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'camrec-continuous-'));
    app = await startTestApp({ proxy_mode: 'direct' }, undefined, { dir });
  });
  afterEach(async () => {
    await app.close();
    await Promise.all(cameras.splice(0).map((cam) => cam.stop()));
    rmSync(dir, { recursive: true, force: true });
    expect(serverMediaPids()).toEqual([]);
  });

  it('records keyframe-aligned segments, every frame once, a gap (not a broken file) while the camera is away', async () => {
    // Each camera's log of the frames it sent: a camera short of CPU skips a frame its output
    // cannot take, and leaves it out of its log.
    const logs = [join(dir, 'first-frames.log'), join(dir, 'second-frames.log')];
    const first = await startRtspCamera({ gop: 1, log: logs[0] });
    cameras.push(first);
    const { status, body: camera } = await postJson<CameraInfo>(app, '/cameras', {
      name: 'Yard',
      url: first.url,
      record: 'continuous',
      segment_s: 2,
    });
    expect(status).toBe(201);
    const segments = async () =>
      (await getJson<SegmentListResponse>(app, `/cameras/${camera.id}/segments`)).body.segments;
    await waitFor('three final segments', async () =>
      (await segments()).filter((s) => s.state === 'final').length >= 3 ? true : undefined,
    );
    expect((await getJson<CameraInfo>(app, `/cameras/${camera.id}`)).body.status.recording).toBe(
      true,
    );

    // The camera goes away for a while, then comes back on the same address.
    await first.stop();
    await waitFor('the camera offline', async () =>
      (await getJson<CameraInfo>(app, `/cameras/${camera.id}`)).body.status.state === 'offline'
        ? true
        : undefined,
    );
    await sleep(3000);
    const second = await startRtspCamera({ gop: 1, port: first.port, log: logs[1] });
    cameras.push(second);
    await waitFor(
      'the camera online again',
      async () =>
        (await getJson<CameraInfo>(app, `/cameras/${camera.id}`)).body.status.state === 'online'
          ? true
          : undefined,
      { timeoutMs: 40_000 },
    );
    const before = (await segments()).length;
    await waitFor('new segments after the outage', async () =>
      (await segments()).filter((s) => s.state === 'final').length >= before + 2 ? true : undefined,
    );
    const offline = await getJson(app, `/cameras/${camera.id}/offline`);
    expect(offline.body.periods).toEqual([
      { started_at: expect.any(String), ended_at: expect.any(String), reason: expect.any(String) },
    ]);
    await app.close(); // the last segment is made final on the way out

    const files = segmentFiles(join(dir, 'videos'), camera.id);
    expect(files.length).toBeGreaterThanOrEqual(5);
    const sent = logs.map((log) => [...readFrameLog(log).keys()].sort((a, b) => a - b));
    /** The frame the camera sent after `index`. */
    const nextSent = (which: number, index: number) => sent[which].find((i) => i > index);
    let gaps = 0;
    let sender = 0; // whose files: the first camera's until the outage, then the second's
    let previousLast: number | null = null;
    for (const file of files) {
      assertPlayable(file);
      const indices = frameIndices(file, 640, 360);
      expect(indices).not.toContain(null);
      const frames = indices as number[];
      // Across files, the next file starts where the last ended, except once: the outage
      // (the second camera counts its frames from 0 again).
      if (previousLast !== null && frames[0] !== nextSent(sender, previousLast)) {
        gaps++;
        sender = 1;
      }
      // Within a file, each frame is the one its camera sent after the one before.
      frames.forEach((index, i) => i > 0 && expect(index).toBe(nextSent(sender, frames[i - 1])));
      previousLast = frames[frames.length - 1];
    }
    expect(gaps).toBe(1);
  }, 120_000);

  it("starts a manual clip pre_roll_s back from the camera's segments, joining the live stream frame for frame", async () => {
    const log = join(dir, 'camera.log');
    const cam = await startRtspCamera({ gop: 1, log });
    cameras.push(cam);
    const { body: camera } = await postJson<CameraInfo>(app, '/cameras', {
      name: 'Porch',
      url: cam.url,
      record: 'continuous',
      segment_s: 2,
    });
    // Past a segment boundary or two: the pre-roll is read from more than one file.
    await waitFor('two final segments', async () => {
      const { segments } = (
        await getJson<SegmentListResponse>(app, `/cameras/${camera.id}/segments`)
      ).body;
      return segments.filter((s) => s.state === 'final').length >= 2 ? true : undefined;
    });
    const sessionId = (await getJson<CameraInfo>(app, `/cameras/${camera.id}`)).body.status
      .session_id;
    if (!sessionId) throw new Error('the camera has no session');
    const { askedAt, video } = await recordManualClip(app, sessionId, 2, 3);
    expect(video.pre_roll?.delivered_s).toBeGreaterThanOrEqual(3);
    // From the keyframe at or before: at most a GOP (1 s) more, and a loaded machine's jitter.
    expect(video.pre_roll?.delivered_s).toBeLessThan(5);
    const file = join(app.config.videos_dir, video.filename);
    assertPlayable(file);
    const indices = frameIndices(file, 640, 360);
    expect(indices).not.toContain(null);
    // The past read back, then the live stream: every frame the camera sent, in order (a loaded
    // machine may make the camera skip a frame, or its encoder drop one: its log leaves those out).
    const sent = readFrameLog(log);
    expect(indices).toEqual(framesSentFrom([...sent.keys()], indices));
    const first = sent.get(indices[0] as number) ?? NaN;
    // The server's moment is the request's arrival, a little after askedAt.
    expect(askedAt - first).toBeGreaterThanOrEqual(2900);
    expect(askedAt - first).toBeLessThan(5000);
  }, 60_000);

  it('says why a camera is not recorded while its segments cannot be written, and records again by itself', async () => {
    const camera = await startRtspCamera({ gop: 1 });
    cameras.push(camera);
    // A file where the segment folders go: every segment fails to open, as on a full disk.
    const folder = join(dir, 'videos', 'continuous');
    writeFileSync(folder, 'in the way');
    const { body: saved } = await postJson<CameraInfo>(app, '/cameras', {
      name: 'Yard',
      url: camera.url,
      record: 'continuous',
      segment_s: 2,
    });
    const status = async () => (await getJson<CameraInfo>(app, `/cameras/${saved.id}`)).body.status;
    const failing = await waitFor('the reason recording fails', async () => {
      const now = await status();
      return now.recording_error ? now : undefined;
    });
    expect(failing).toMatchObject({ state: 'online', recording: false });
    expect(failing.recording_error).toMatch(
      /continuous recording of camera \w+ failed: E(NOTDIR|EXIST)/,
    );
    expect(app.logs.join('\n')).toMatch(/continuous - ERROR - continuous recording of camera/);

    rmSync(folder);
    const segments = async () =>
      (await getJson<SegmentListResponse>(app, `/cameras/${saved.id}/segments`)).body.segments;
    await waitFor(
      'segments again',
      async () => ((await segments()).some((s) => s.state === 'final') ? true : undefined),
      { timeoutMs: 20_000 },
    );
    expect(await status()).toMatchObject({ recording: true, recording_error: null });
    // No row is left "being written" by the recorders that failed: one, the segment now written
    // (read outside the moment between two segments, when there is none).
    const writing = await waitFor('the segment being written listed', async () => {
      const rows = (await segments()).filter((s) => s.state === 'writing');
      return rows.length ? rows : undefined;
    });
    expect(writing).toHaveLength(1);
  }, 60_000);
});

describe('continuous recording under a disk cap (booted app, simulated camera)', () => {
  const GB = 1024 ** 3;
  /** About 3 segments of the simulated camera's 2 s (320×180, ~0.5 Mbit/s). */
  const CAP_BYTES = 360 * 1024;
  let dir: string;
  let app: TestApp;
  let camera: SimCamera;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'camrec-continuous-cap-'));
    camera = await startRtspCamera({ gop: 1, width: 320, height: 180 });
    app = await startTestApp(
      { proxy_mode: 'direct', retention_max_gb: CAP_BYTES / GB },
      undefined,
      { dir },
    );
  });
  afterAll(async () => {
    await app?.close();
    await camera?.stop();
    rmSync(dir, { recursive: true, force: true });
    expect(serverMediaPids()).toEqual([]);
  });

  it('stays within the cap plus one segment through a run that crosses it several times, the oldest footage going first, recording never stopping', async () => {
    const { body: saved } = await postJson<CameraInfo>(app, '/cameras', {
      name: 'Yard',
      url: camera.url,
      record: 'continuous',
      segment_s: 2,
    });
    const root = join(dir, 'videos', 'continuous', saved.id);
    /** Every byte of the camera's footage on the disk now, the segment being written included. */
    const onDisk = () =>
      existsSync(root)
        ? readdirSync(root, { recursive: true, withFileTypes: true })
            .filter((entry) => entry.isFile())
            .reduce((sum, entry) => sum + statSync(join(entry.parentPath, entry.name)).size, 0)
        : 0;
    const written = new Map<string, number>(); // segment start → bytes, of every final segment seen
    let most = 0;
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      most = Math.max(most, onDisk());
      for (const s of (await getJson<SegmentListResponse>(app, `/cameras/${saved.id}/segments`))
        .body.segments) {
        if (s.state === 'final') written.set(s.started_at, s.bytes);
      }
      // Three times the cap recorded: the cap was crossed at least three times.
      if ([...written.values()].reduce((a, b) => a + b, 0) > 3 * CAP_BYTES) break;
      await sleep(100);
    }
    const sizes = [...written.values()];
    expect(sizes.reduce((a, b) => a + b, 0)).toBeGreaterThan(3 * CAP_BYTES);
    const largest = Math.max(...sizes);
    console.log(
      `cap ${CAP_BYTES} B, largest segment ${largest} B, most on disk ${most} B, ${sizes.length} segments recorded`,
    );
    expect(most).toBeLessThanOrEqual(CAP_BYTES + largest);

    // The oldest went first: what is left is the newest footage, without a hole.
    const left = (await getJson<SegmentListResponse>(app, `/cameras/${saved.id}/segments`)).body
      .segments;
    const starts = [...written.keys()].sort();
    const leftFinal = left.filter((s) => s.state === 'final').map((s) => s.started_at);
    expect(leftFinal.length).toBeGreaterThan(0);
    expect(leftFinal.length).toBeLessThan(starts.length);
    expect(starts.slice(-leftFinal.length)).toEqual(leftFinal);
    expect((await getJson<CameraInfo>(app, `/cameras/${saved.id}`)).body.status).toMatchObject({
      recording: true,
      recording_error: null,
    });
  }, 90_000);
});
