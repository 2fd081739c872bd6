import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Catalog } from '@camrec/catalog';
import { ChildProcessRegistry } from '@camrec/process';
import type { CameraInfo, CameraTimeline, MultiCameraTimeline } from '@camrec/shared-types';
import { startRtspCamera, type SimCamera } from '@camrec/testing/camera-sim';
import { getJson, postJson } from '../../test-support/http';
import { serverMediaPids, startTestApp, type TestApp } from '../../test-support/test-app';
import { ffprobe, videoPacketTimes, waitFor } from '@camrec/testing';

const MIN = 60_000;
const DAY = 24 * 60 * MIN;
const T0 = Date.UTC(2026, 0, 1);

describe('timeline through the HTTP API (booted app)', () => {
  let dir: string;
  let app: TestApp;
  const cameras: SimCamera[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'camrec-timeline-'));
    app = await startTestApp({ proxy_mode: 'direct' }, undefined, { dir });
    // A week of one-minute segments of a camera the index knows, with one gap.
    const catalog = app.app.get(Catalog);
    const rows = [];
    for (let n = 0; n < 7 * 24 * 60; n++) {
      if (n >= 600 && n < 610) continue;
      rows.push({
        camera_id: 'weekweekweek',
        path: `continuous/weekweekweek/${n}.mp4`,
        start_ms: T0 + n * MIN,
        end_ms: T0 + (n + 1) * MIN,
        bytes: 1000,
        frames: 1500,
        codec: 'avc1.64001f',
        storage: 'copy' as const,
      });
    }
    await catalog.segments.insertMany(rows);
    await catalog.events.insert({
      camera_id: 'weekweekweek',
      session_id: 's',
      start_ms: T0 + 100 * MIN,
      end_ms: T0 + 101 * MIN,
      peak_score: 0.4,
    });
  });
  afterAll(async () => {
    await app.close();
    await Promise.all(cameras.map((cam) => cam.stop()));
    rmSync(dir, { recursive: true, force: true });
    expect(serverMediaPids()).toEqual([]);
  });

  it('answers a week in a few spans, with the gap, the events, at a resolution fit for it', async () => {
    const { status, body } = await getJson<CameraTimeline>(
      app,
      `/cameras/weekweekweek/timeline?start=${T0}&end=${T0 + 7 * DAY}`,
    );
    expect(status).toBe(200);
    expect(body.resolution_ms).toBe(Math.ceil((7 * DAY) / 2000));
    expect(body.recorded).toEqual([
      { start: new Date(T0).toISOString(), end: new Date(T0 + 600 * MIN).toISOString() },
      { start: new Date(T0 + 610 * MIN).toISOString(), end: new Date(T0 + 7 * DAY).toISOString() },
    ]);
    expect(body.events).toEqual([
      expect.objectContaining({
        count: 1,
        peak_score: 0.4,
        start: new Date(T0 + 100 * MIN).toISOString(),
      }),
    ]);
    // The same range in ISO 8601 gives the same answer.
    const iso = await getJson<CameraTimeline>(
      app,
      `/cameras/weekweekweek/timeline?start=${new Date(T0).toISOString()}&end=${new Date(T0 + 7 * DAY).toISOString()}`,
    );
    expect(iso.body).toEqual(body);
  });

  it('shows what a saved camera records continuously, live', async () => {
    const cam = await startRtspCamera({ gop: 1 });
    cameras.push(cam);
    const { body: camera } = await postJson<CameraInfo>(app, '/cameras', {
      name: 'Yard',
      url: cam.url,
      record: 'continuous',
      segment_s: 2,
    });
    const since = Date.now() - 1000;
    const timeline = await waitFor('a recorded span of 4 s', async () => {
      const { body } = await getJson<CameraTimeline>(
        app,
        `/cameras/${camera.id}/timeline?start=${since}`,
      );
      const span = body.recorded[0];
      return span && Date.parse(span.end ?? '') - Date.parse(span.start) >= 4000 ? body : undefined;
    });
    expect(timeline.recorded).toHaveLength(1);
    const both = await getJson<MultiCameraTimeline>(
      app,
      `/timeline?cameras=${camera.id},weekweekweek&start=${since}`,
    );
    expect(both.body.cameras.map((c) => [c.camera_id, c.recorded.length])).toEqual([
      [camera.id, 1],
      ['weekweekweek', 0],
    ]);

    // Played from an instant: fMP4 from the keyframe before it, decode times from the origin.
    const origin = Date.parse(timeline.recorded[0].start);
    const at = origin + 1500;
    const played = await fetch(
      `${app.baseUrl}/cameras/${camera.id}/playback.mp4?at=${at}&origin=${origin}&duration=2`,
    );
    expect(played.status).toBe(200);
    expect(played.headers.get('content-type')).toBe('video/mp4');
    const chunk = join(dir, 'chunk.mp4');
    writeFileSync(chunk, Buffer.from(await played.arrayBuffer()));
    const probed = ffprobe(chunk);
    expect(probed.streams[0]).toMatchObject({ codec_name: 'h264', width: 640, height: 360 });
    // A keyframe a second: it starts at 1 s of the footage, and holds about 2 s more.
    expect(Number(probed.format.duration)).toBeGreaterThan(2);
    const thumb = await fetch(`${app.baseUrl}/cameras/${camera.id}/thumbnail.jpg?at=${at}`);
    expect(thumb.status).toBe(200);
    expect(thumb.headers.get('content-type')).toBe('image/jpeg');
    const jpeg = Buffer.from(await thumb.arrayBuffer());
    expect(jpeg.subarray(0, 2).toString('hex')).toBe('ffd8');
    // Hovering within one GOP decodes its keyframe once: the same picture, no second ffmpeg;
    // the next GOP is decoded in turn. The GOPs are the chunk's own (a camera short of CPU
    // spaces its keyframes more than the second it aims at).
    const keyframes = videoPacketTimes(chunk, 'keyframes').map((s) =>
      Math.round(origin + s * 1000),
    );
    expect(keyframes.length).toBeGreaterThanOrEqual(2);
    const nextKeyframe = keyframes.find((ms) => ms > at) as number;
    const thumbnailRuns = jest.spyOn(app.app.get(ChildProcessRegistry), 'register');
    const decodes = () =>
      thumbnailRuns.mock.calls.filter(([child]) => child.name === 'timeline thumbnail').length;
    const thumbnailAt = async (ms: number) =>
      Buffer.from(await (await fetch(`${app.baseUrl}/cameras/${camera.id}/thumbnail.jpg?at=${ms}`)).arrayBuffer()); // prettier-ignore
    expect((await thumbnailAt(Math.round((at + nextKeyframe) / 2))).equals(jpeg)).toBe(true);
    expect(decodes()).toBe(0);
    expect((await thumbnailAt(nextKeyframe + 100)).subarray(0, 2).toString('hex')).toBe('ffd8');
    expect(decodes()).toBe(1);
    thumbnailRuns.mockRestore();
    // An origin after the footage it would send, and no footage at all, are refused.
    const late = await getJson(
      app,
      `/cameras/${camera.id}/playback.mp4?at=${at}&origin=${at + 60_000}`,
    );
    expect(late.status).toBe(400);
    expect(late.body.message).toMatch(/^origin must be at or before/);
    const none = await getJson(app, `/cameras/${camera.id}/playback.mp4?at=${at + 86_400_000}`);
    expect(none.status).toBe(404);
  });

  it.each([
    [
      '/cameras/weekweekweek/timeline?start=2026-01-02T00:00:00Z&end=2026-01-01T00:00:00Z',
      /^end must be after start/,
    ],
    [
      '/cameras/weekweekweek/timeline?start=1&end=2',
      /^(start|end) must lie between the years 2000 and 2200/,
    ],
    ['/cameras/weekweekweek/timeline?start=yesterday', /^start must be an ISO 8601 time/],
    ['/cameras/weekweekweek/timeline?start=2026-01-01T00:00:00', /^start must be an ISO 8601 time/],
    ['/cameras/weekweekweek/timeline?end=9999999999999999', /^end must lie between/],
    [`/cameras/weekweekweek/timeline?start=${T0 - 500 * DAY}&end=${T0}`, /at most 400 days/],
    ['/cameras/weekweekweek/timeline?resolution_ms=5', /^resolution_ms must be/],
    ['/cameras/weekweekweek/timeline?resolution_ms=abc', /^resolution_ms must be/],
    ['/cameras/..%2F..%2Fetc/timeline', /^id must be a camera id/],
    ['/cameras/weekweekweek/playback.mp4', /^at must be a time/],
    ['/cameras/weekweekweek/playback.mp4?at=now', /^at must be an ISO 8601 time/],
    ['/cameras/weekweekweek/playback.mp4?at=1767225600000&duration=600', /^duration must be/],
    ['/cameras/weekweekweek/thumbnail.jpg?at=-1', /^at must be an ISO 8601 time/],
    ['/timeline', /cameras must/],
    ['/timeline?cameras=', /cameras must be camera ids/],
    [`/timeline?cameras=${Array(65).fill('weekweekweek').join(',')}`, /at most 64/],
  ])('refuses %s with a 400 naming the parameter', async (path, message) => {
    const { status, body } = await getJson(app, path);
    expect(status).toBe(400);
    expect(body.message).toMatch(message);
  });
});
