import { randomUUID } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SimCamera, startMjpegCamera, startRtspCamera } from '@camrec/testing/camera-sim';
import { serverMediaPids, startTestApp, TestApp } from '../../test-support/test-app';
import { getJson, openSession, postJson } from '../../test-support/http';
import { topLevelBoxes, videoFolderFiles } from '../../test-support/video-files';
import { assertPlayable, codecs, ffprobe, sleep, videoPacketTimes, waitFor } from '@camrec/testing';

/** camera-sim's default RTSP keyframe interval. */
const GOP_S = 2;
const MAX_DURATION_S = 60;

describe('recording through the HTTP API (booted app, simulated cameras, real ffmpeg)', () => {
  let app: TestApp;
  let videosDir: string;
  const cameras: SimCamera[] = [];
  const camera = async <T extends SimCamera>(started: Promise<T>): Promise<T> => {
    const cam = await started;
    cameras.push(cam);
    return cam;
  };

  beforeAll(async () => {
    videosDir = mkdtempSync(join(tmpdir(), 'camrec-rec-videos-'));
    app = await startTestApp({
      videos_dir: videosDir,
      record_max_duration_s: MAX_DURATION_S,
      max_sessions: 5,
    });
  });

  afterAll(async () => {
    await app?.close();
    await Promise.all(cameras.splice(0).map((cam) => cam.stop()));
    rmSync(videosDir, { recursive: true, force: true });
    expect(serverMediaPids()).toEqual([]);
  });

  const status = async (sessionId: string) =>
    (await getJson(app, `/record/status/${sessionId}`)).body;

  /** Starts a fixed-duration clip and waits until it stopped by itself. */
  async function recordFor(sessionId: string, duration: number): Promise<string> {
    const started = await postJson(app, '/record/start', { session_id: sessionId, duration });
    expect(started.status).toBe(201);
    const final = await waitFor(
      'the clip to complete',
      async () => {
        const current = await status(sessionId);
        return ['completed', 'failed'].includes(current.state) ? current : undefined;
      },
      { timeoutMs: (duration + 20) * 1000 },
    );
    expect(final).toMatchObject({ state: 'completed', filename: started.body.filename, duration });
    return join(videosDir, started.body.filename);
  }

  describe('an H.264 + AAC camera', () => {
    let sessionId: string;

    beforeAll(async () => {
      const cam = await camera(startRtspCamera({ codec: 'h264', audio: 'aac' }));
      sessionId = await openSession(app, cam.url);
    });

    it('records 5 s that stop by themselves: h264 + aac, duration in bound, moov before mdat', async () => {
      // A second run (retry-real-time-tests) starts at once: the first run's clip may still be
      // recording, and the tests after this one would all meet its 409.
      if ((await status(sessionId)).state === 'recording') {
        await postJson(app, '/record/stop', { session_id: sessionId });
      }
      const started = await postJson(app, '/record/start', { session_id: sessionId, duration: 5 });
      expect(started.status).toBe(201);
      expect(started.body).toEqual({
        filename: expect.stringMatching(new RegExp(`^${sessionId}_\\d{8}-\\d{6}\\.mp4$`)),
        started_at: expect.any(String),
        duration: 5,
      });
      await sleep(1500);
      const recording = await status(sessionId);
      expect(recording).toMatchObject({ state: 'recording', filename: started.body.filename });
      expect(recording.bytes).toBeGreaterThan(0);
      expect(recording.elapsed_s).toBeGreaterThan(0);
      // Keeping up: a writer that cannot falls further behind until its queue's bound fails the
      // clip. Under load it was 0.65 s behind (a fragment or two); how little is the bench's.
      expect(recording.behind_s).toBeLessThan(2);
      expect((await getJson(app, '/session/list')).body.sessions[0].recording).toBe(true);

      const file = await waitFor('the clip to complete', async () => {
        const current = await status(sessionId);
        return current.state === 'completed' ? join(videosDir, current.filename) : undefined;
      });
      expect(codecs(file)).toEqual(['audio:aac', 'video:h264']);
      const duration = Number(ffprobe(file).format.duration);
      expect(duration).toBeGreaterThanOrEqual(5);
      expect(duration).toBeLessThanOrEqual(5 + GOP_S + 0.2);
      const boxes = topLevelBoxes(readFileSync(file));
      expect(boxes.indexOf('moov')).toBeGreaterThan(-1);
      expect(boxes.indexOf('moov')).toBeLessThan(boxes.indexOf('mdat'));
      assertPlayable(file);
      expect(existsSync(`${file}.part`)).toBe(false);

      const { body } = await getJson(app, '/videos');
      expect(body.videos[0]).toMatchObject({
        filename: started.body.filename,
        session_id: sessionId,
        video_codec: 'h264',
        audio_codec: 'aac',
        width: 640,
        height: 360,
        size_bytes: readFileSync(file).length,
      });
      expect(body.videos[0].duration_s).toBeCloseTo(duration, 1);
      expect((await getJson(app, '/session/list')).body.sessions[0].recording).toBe(false);
    });

    it('stops early on request and answers once the file is final', async () => {
      const started = await postJson(app, '/record/start', { session_id: sessionId });
      expect(started.body.duration).toBeNull();
      await sleep(2000);
      // What the clip holds when the stop is asked for, which the stop must keep. Not "about
      // 2 s": under load the clip of a 2 s wait was 0.69 s long (frames came late).
      const writing = await status(sessionId);
      expect(writing.elapsed_s).toBeGreaterThan(0);
      const stopped = await postJson(app, '/record/stop', { session_id: sessionId });
      expect(stopped.status).toBe(200);
      const file = join(videosDir, started.body.filename);
      expect(stopped.body).toEqual({
        filename: started.body.filename,
        duration_s: expect.any(Number),
        size_bytes: readFileSync(file).length,
      });
      expect(stopped.body.duration_s).toBeGreaterThanOrEqual(writing.elapsed_s - 0.1);
      assertPlayable(file);
      const first = await status(sessionId);
      expect(first).toMatchObject({
        state: 'stopped',
        filename: started.body.filename,
        elapsed_s: stopped.body.duration_s,
        bytes: stopped.body.size_bytes,
        behind_s: 0,
      });
      // Once read, the server forgets the clip: its status now comes from the index.
      expect(await status(sessionId)).toEqual({ ...first, duration: null });
    });

    it('answers 400, 404 and 409 with messages that say why', async () => {
      const unknown = randomUUID();
      const expectError = async (body: unknown, code: number, message: RegExp) => {
        const response = await postJson(app, '/record/start', body);
        expect(response.status).toBe(code);
        expect(response.body).toEqual({
          statusCode: code,
          error: expect.any(String),
          message: expect.stringMatching(message),
        });
      };
      const range = /duration must be from 1 to 60 seconds/;
      await expectError({ session_id: sessionId, duration: 0 }, 400, range);
      await expectError({ session_id: sessionId, duration: 61 }, 400, range);
      await expectError({ session_id: sessionId, duration: '5' }, 400, /duration must be a number/);
      await expectError({ session_id: 'nope' }, 400, /session_id must be a session UUID/);
      await expectError(
        { session_id: sessionId, extra: 1 },
        400,
        /property extra should not exist/,
      );
      await expectError({ session_id: unknown }, 404, new RegExp(`session ${unknown} not found`));
      expect((await postJson(app, '/record/stop', { session_id: sessionId })).status).toBe(409);
      expect((await postJson(app, '/record/stop', { session_id: unknown })).status).toBe(404);
      expect((await getJson(app, `/record/status/${unknown}`)).status).toBe(404);
      expect((await getJson(app, '/record/status/not-a-uuid')).status).toBe(400);

      expect((await postJson(app, '/record/start', { session_id: sessionId })).status).toBe(201);
      await expectError({ session_id: sessionId }, 409, /is already recording to /);
    });

    it('finalises the recording when its session is closed', async () => {
      // Still recording from the previous test.
      const { filename } = await status(sessionId);
      // More than a second written, however late a loaded machine began it (run44: 0.39 s
      // after a fixed 1 s wait): 2.5 s since the start, the writer keeping up.
      await waitFor('2.5 s recorded', async () => {
        const now = await status(sessionId);
        return now.elapsed_s >= 2.5 && now.behind_s < 0.5;
      });
      expect((await postJson(app, '/session/close', { session_id: sessionId })).status).toBe(200);
      // The close hook ran before the session went: the video is already final.
      const file = join(videosDir, filename);
      expect(existsSync(`${file}.part`)).toBe(false);
      assertPlayable(file);
      expect(Number(ffprobe(file).format.duration)).toBeGreaterThan(1);
      const listed = (await getJson(app, '/videos')).body.videos;
      expect(listed.map((video: { filename: string }) => video.filename)).toContain(filename);
      expect((await status(sessionId)).state).toBe('stopped');
    });
  });

  it('never answers 201 for a clip that does not appear when the session closes meanwhile', async () => {
    const cam = await camera(startMjpegCamera());
    for (let round = 0; round < 3; round += 1) {
      const sessionId = await openSession(app, cam.url);
      const starting = postJson(app, '/record/start', { session_id: sessionId });
      await sleep(round * 5);
      const closing = postJson(app, '/session/close', { session_id: sessionId });
      const [started, closed] = await Promise.all([starting, closing]);
      expect(closed.status).toBe(200);
      if (started.status === 201) {
        assertPlayable(join(videosDir, started.body.filename));
      } else {
        expect([404, 409]).toContain(started.status);
      }
    }
  });

  it('records a G.711 camera with AAC audio', async () => {
    const cam = await camera(startRtspCamera({ codec: 'h264', audio: 'pcma' }));
    const file = await recordFor(await openSession(app, cam.url), 2);
    expect(codecs(file)).toEqual(['audio:aac', 'video:h264']);
    assertPlayable(file);
    const times = videoPacketTimes(file);
    expect(new Set(times).size).toBe(times.length);
  });

  it('records an MJPEG camera as H.264 keeping its irregular frame timing', async () => {
    const cam = await camera(startMjpegCamera({ vfr: true, fps: 10 }));
    const file = await recordFor(await openSession(app, cam.url), 3);
    expect(codecs(file)).toEqual(['video:h264']);
    expect(Number(ffprobe(file).format.duration)).toBeGreaterThanOrEqual(3);
    assertPlayable(file);
    const times = videoPacketTimes(file);
    const gaps = times.slice(1).map((t, i) => t - times[i]);
    // camera-sim's VFR intervals are 0.5x to 2x of 100 ms; a constant rate would be one step.
    expect(Math.min(...gaps)).toBeLessThan(0.08);
    expect(Math.max(...gaps)).toBeGreaterThan(0.12);
  });
});

describe('recording and the server lifecycle', () => {
  const cameras: SimCamera[] = [];
  let root: string;

  beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'camrec-rec-life-'))));
  afterEach(async () => {
    await Promise.all(cameras.splice(0).map((cam) => cam.stop()));
    rmSync(root, { recursive: true, force: true });
    expect(serverMediaPids()).toEqual([]);
  });

  it('finalises a running recording when the server shuts down', async () => {
    const videosDir = join(root, 'videos');
    const app = await startTestApp({ videos_dir: videosDir });
    const cam = await startRtspCamera({ codec: 'h264', audio: 'aac' });
    cameras.push(cam);
    const sessionId = await openSession(app, cam.url);
    const started = await postJson(app, '/record/start', { session_id: sessionId });
    await sleep(2000);
    await app.close();
    const stem = started.body.filename.replace(/\.mp4$/, '');
    expect(videoFolderFiles(videosDir)).toEqual([`${stem}.jpg`, `${stem}.json`, `${stem}.mp4`]);
    assertPlayable(join(videosDir, started.body.filename));
    expect(codecs(join(videosDir, started.body.filename))).toEqual(['audio:aac', 'video:h264']);
  });

  it('answers 502 with the reason when the clip cannot be remuxed, and keeps the .part', async () => {
    // A real program standing in for ffmpeg: the real one, except that the remux fails.
    const fakeFfmpeg = join(root, 'ffmpeg-failing-remux');
    writeFileSync(
      fakeFfmpeg,
      [
        '#!/bin/sh',
        'for arg in "$@"; do',
        '  [ "$arg" = "+faststart" ] && { echo "simulated remux failure" >&2; exit 1; }',
        'done',
        'exec ffmpeg "$@"',
        '',
      ].join('\n'),
    );
    chmodSync(fakeFfmpeg, 0o755);
    const videosDir = join(root, 'remux-videos');
    const app = await startTestApp({ videos_dir: videosDir, ffmpeg_path: fakeFfmpeg });
    try {
      const cam = await startMjpegCamera();
      cameras.push(cam);
      const sessionId = await openSession(app, cam.url);
      const started = await postJson(app, '/record/start', { session_id: sessionId });
      expect(started.status).toBe(201);
      await sleep(1500);
      const stopped = await postJson(app, '/record/stop', { session_id: sessionId });
      expect(stopped.status).toBe(502);
      expect(stopped.body).toEqual({
        statusCode: 502,
        error: 'Bad Gateway',
        message: `recording ${started.body.filename} could not be finalised: ffmpeg remux failed: simulated remux failure`,
      });
      expect(existsSync(join(videosDir, `${started.body.filename}.part`))).toBe(true);
      expect((await getJson(app, `/record/status/${sessionId}`)).body).toMatchObject({
        state: 'failed',
        error: expect.stringMatching(/simulated remux failure/),
      });
    } finally {
      await app.close();
    }
  });

  it('answers 507 with the reason when the videos folder cannot be written', async () => {
    writeFileSync(join(root, 'a-file'), '');
    const app = await startTestApp({ videos_dir: join(root, 'a-file', 'videos') });
    try {
      const cam = await startMjpegCamera();
      cameras.push(cam);
      const sessionId = await openSession(app, cam.url);
      const response = await postJson(app, '/record/start', { session_id: sessionId });
      expect(response.status).toBe(507);
      expect(response.body).toEqual({
        statusCode: 507,
        error: 'Insufficient Storage',
        message: expect.stringMatching(/videos folder .* is not writable \(ENOTDIR\)/),
      });
      expect((await getJson(app, `/record/status/${sessionId}`)).body.state).toBe('idle');
    } finally {
      await app.close();
    }
  });
});
