import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
  CameraInfo,
  ExportInfo,
  SegmentListResponse,
  VideoListResponse,
} from '@camrec/shared-types';
import { startRtspCamera, type SimCamera } from '@camrec/testing/camera-sim';
import { Catalog } from '@camrec/catalog';
import { segmentPath } from '@camrec/recording';
import { getJson, postJson, sendJson } from '../../test-support/http';
import { serverMediaPids, startTestApp, type TestApp } from '../../test-support/test-app';
import { ffprobe, frameIndices, sleep, videoPacketTimes, waitFor } from '@camrec/testing';

const FPS = 25;

describe('exports and kept ranges through the HTTP API (booted app, simulated camera)', () => {
  let dir: string;
  let app: TestApp;
  let camera: SimCamera;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'camrec-exports-'));
    camera = await startRtspCamera({ gop: 1, fps: FPS });
  });
  afterAll(async () => {
    await app?.close();
    await camera.stop();
    rmSync(dir, { recursive: true, force: true });
    expect(serverMediaPids()).toEqual([]);
  });

  it('exports a range from between keyframes, keeps it and a kept range from retention', async () => {
    // A second run (see retry-real-time-tests) starts over: not beside the first run's server
    // and index, where the camera's name is taken.
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir);
    app = await startTestApp({ proxy_mode: 'direct' }, undefined, { dir });
    const { status, body: saved } = await postJson<CameraInfo>(app, '/cameras', {
      name: 'Yard',
      url: camera.url,
      record: 'continuous',
      segment_s: 2,
    });
    expect({ status, saved }).toMatchObject({ status: 201, saved: { name: 'Yard' } });
    const segments = async () =>
      (await getJson<SegmentListResponse>(app, `/cameras/${saved.id}/segments`)).body.segments;
    await waitFor('four final segments', async () =>
      (await segments()).filter((s) => s.state === 'final').length >= 4 ? true : undefined,
    );
    const [first] = await segments();
    const t0 = Date.parse(first.started_at);
    // From 1.5 frames past the second keyframe, for 4 s: across segment boundaries.
    const start = t0 + 1000 + 60;
    const end = start + 4000;

    const accepted = await postJson<ExportInfo>(app, '/exports', {
      camera_id: saved.id,
      start: new Date(start).toISOString(),
      end: String(end),
    });
    expect(accepted.status).toBe(202);
    expect(accepted.body).toMatchObject({ state: 'pending', progress: 0, filename: null });
    const done = await waitFor('the export done', async () => {
      const { body } = await getJson<ExportInfo>(app, `/exports/${accepted.body.id}`);
      expect(body.state).not.toBe('failed');
      return body.state === 'done' ? body : undefined;
    });
    expect(done).toMatchObject({ progress: 1, filename: expect.stringMatching(/\.mp4$/) });
    const file = join(dir, 'videos', done.filename as string);

    // Lossless, the range long within a frame (two where a loaded camera skipped one: 4.048 s
    // was seen), from the in-point's frame.
    const probed = ffprobe(file);
    const video = probed.streams.find((s) => s.codec_type === 'video');
    expect(video).toMatchObject({ codec_name: 'h264', width: 640, height: 360 });
    expect(Math.abs(Number(probed.format.duration) - 4)).toBeLessThanOrEqual(2 / FPS);
    // The frame recorded at the in-point, by the recorder's own clock: a segment's first frame
    // at its start, each next one at its own timestamp (a loaded camera may skip one).
    const covering = (await segments()).find(
      (s) => Date.parse(s.started_at) <= start && Date.parse(s.ended_at ?? '') > start,
    );
    const source = join(
      dir,
      'videos',
      segmentPath(saved.id, Date.parse(covering?.started_at ?? '')),
    );
    const times = videoPacketTimes(source);
    const recorded = frameIndices(source, 640, 360);
    const sinceStart = (start - Date.parse(covering?.started_at ?? '')) / 1000;
    const atInPoint = times.filter((t) => t - times[0] <= sinceStart + 1e-6).length - 1;
    const shown = frameIndices(file, 640, 360);
    expect(Math.abs((shown[0] as number) - (recorded[atInPoint] as number))).toBeLessThanOrEqual(1);

    // In the library, as a kept export of the camera.
    const listed = (await getJson<VideoListResponse>(app, '/videos')).body.videos;
    expect(listed.find((v) => v.filename === done.filename)).toMatchObject({
      trigger: 'export',
      keep: true,
      camera_id: saved.id,
    });
    // Many exports asked for at once: at most 8 wait or run, the rest are told to wait (429);
    // each accepted one gets a file of its own, though all start at the same instant.
    const burst = await Promise.all(
      Array.from({ length: 12 }, () =>
        postJson<ExportInfo>(app, '/exports', {
          camera_id: saved.id,
          start: String(start),
          end: String(start + 1000),
        }),
      ),
    );
    const queued = burst.filter((answer) => answer.status === 202).map((answer) => answer.body);
    const told = burst.filter((answer) => answer.status === 429);
    expect(queued.length + told.length).toBe(12);
    // The first 8 are queued; how many more depends on how many finished while the others
    // arrived (a busy machine answers the burst slowly). Each refusal found the queue full.
    expect(queued.length).toBeGreaterThanOrEqual(8);
    expect(told.length).toBeGreaterThan(0);
    for (const answer of told) {
      expect((answer.body as unknown as { message: string }).message).toBe(
        '8 exports are waiting or being written; wait for one to finish',
      );
    }
    const burstFiles: string[] = [];
    for (const job of queued) {
      const finished = await waitFor(`export ${job.id} done`, async () => {
        const { body } = await getJson<ExportInfo>(app, `/exports/${job.id}`);
        expect(body.state).not.toBe('failed');
        return body.state === 'done' ? body : undefined;
      });
      burstFiles.push(finished.filename as string);
    }
    expect(new Set([...burstFiles, done.filename]).size).toBe(queued.length + 1);
    for (const name of burstFiles) {
      expect(frameIndices(join(dir, 'videos', name), 640, 360)[0]).toBe(shown[0]);
    }

    // A kept range over the last final segment.
    const all = (await segments()).filter((s) => s.state === 'final');
    const last = all[all.length - 1];
    const kept = await postJson(app, `/cameras/${saved.id}/kept`, {
      start: last.started_at,
      end: last.ended_at,
      note: 'the van',
    });
    expect(kept.status).toBe(201);
    await app.close();

    // Restarted with a cap far below what is recorded: retention deletes the oldest footage,
    // never the export, never the kept range.
    app = await startTestApp({ proxy_mode: 'direct', retention_max_gb: 0.000_01 }, undefined, {
      dir,
    });
    await sendJson(app, 'PATCH', `/cameras/${saved.id}`, { record: 'off' });
    await waitFor('retention to delete unprotected segments', async () => {
      const left = (await segments()).filter((s) => s.state === 'final');
      return left.length < all.length ? left : undefined;
    });
    await sleep(1000);
    const left = await segments();
    expect(left.map((s) => s.started_at)).toContain(last.started_at);
    expect(readdirSync(join(dir, 'videos'))).toContain(done.filename);
    const timeline = await getJson(app, `/cameras/${saved.id}/timeline?start=${t0}`);
    expect(timeline.body.kept).toEqual([
      { start: last.started_at, end: last.ended_at, id: expect.any(Number), note: 'the van' },
    ]);
  }, 120_000);

  it('refuses (409) a range whose footage changes from video to JPEG frames, naming the instant', async () => {
    // A camera switched to mjpeg_storage jpeg at 00:01: one ffmpeg run cannot join the two.
    const t0 = Date.parse('2026-01-01T00:00:00Z');
    const row = (start: number, storage: 'copy' | 'jpeg') => ({
      camera_id: 'mixedstorage',
      path: segmentPath('mixedstorage', start),
      start_ms: start,
      end_ms: start + 60_000,
      bytes: 1000,
      frames: 600,
      codec: storage === 'jpeg' ? 'mp4v.6C' : 'avc1.42c01e',
      storage,
    });
    await app.app.get(Catalog).segments.insertMany([row(t0, 'copy'), row(t0 + 60_000, 'jpeg')]);
    const across = {
      camera_id: 'mixedstorage',
      start: String(t0 + 30_000),
      end: String(t0 + 90_000),
    };
    const answer = await postJson(app, '/exports', across);
    expect(answer.status).toBe(409);
    expect(answer.body.message).toBe(
      'camera mixedstorage: the footage changes from video to JPEG frames at 2026-01-01T00:01:00.000Z: export the two parts one by one',
    );
    expect(
      (await getJson<{ exports: ExportInfo[] }>(app, '/exports')).body.exports,
    ).not.toContainEqual(expect.objectContaining({ camera_id: 'mixedstorage' }));
  });

  it.each([
    [{ camera_id: 'nope', start: '1', end: '2' }, 400, /^camera_id must be a camera id/],
    [{ camera_id: 'abcdefghijkl', start: 'x', end: '2' }, 400, /^start must be an ISO 8601 time/],
    [
      { camera_id: 'abcdefghijkl', start: '2026-01-02T00:00:00Z', end: '2026-01-01T00:00:00Z' },
      400,
      /^end must be after start/,
    ],
    [
      { camera_id: 'abcdefghijkl', start: '2026-01-01T00:00:00Z', end: '2026-03-01T00:00:00Z' },
      400,
      /at most 7 days/,
    ],
    [
      { camera_id: 'abcdefghijkl', start: '2026-01-01T00:00:00Z', end: '2026-01-01T01:00:00Z' },
      404,
      /has no recorded footage between/,
    ],
    [{ camera_id: 'abcdefghijkl', start: { $gt: 1 }, end: '2' }, 400, /^start must be a time/],
  ])('refuses %j with %i naming the problem', async (body, status, message) => {
    const answer = await postJson(app, '/exports', body);
    expect(answer.status).toBe(status);
    expect(answer.body.message).toMatch(message);
  });
});
