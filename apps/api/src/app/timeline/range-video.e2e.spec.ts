import { linkSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Catalog, type SegmentRow } from '@camrec/catalog';
import type { CameraInfo } from '@camrec/shared-types';
import { startRtspCamera, type SimCamera } from '@camrec/testing/camera-sim';
import {
  decodeFrameIndex,
  ffprobe,
  frameIndexBarHeight,
  frameIndices,
  framesSentFrom,
  videoPacketTimes,
  waitFor,
} from '@camrec/testing';
import { getJson, postJson, sendJson } from '../../test-support/http';
import { serverMediaPids, startTestApp, type TestApp } from '../../test-support/test-app';
import { launchChromium } from '@camrec/testing';

const FPS = 25;
const MIN = 60_000;
/** A camera with a day of one-minute segments, all one recorded file. */
const DAY_CAMERA = 'daydaydayday';

describe('GET /cameras/:id/video.mp4: a recorded range as one MP4 with byte ranges (booted app)', () => {
  let dir: string;
  let app: TestApp;
  let camera: SimCamera;
  let cameraId: string;
  let t0: number;
  let t1: number;
  let rows: SegmentRow[];
  const url = (path: string) => `${app.baseUrl}${path}`;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'camrec-range-video-'));
    camera = await startRtspCamera({ gop: 1, fps: FPS });
    app = await startTestApp({ proxy_mode: 'direct' }, undefined, { dir });
    const { status, body: saved } = await postJson<CameraInfo>(app, '/cameras', {
      name: 'Yard / gate "east"',
      url: camera.url,
      record: 'continuous',
      segment_s: 2,
    });
    expect(status).toBe(201);
    cameraId = saved.id;
    const catalog = app.app.get(Catalog);
    const finals = async () =>
      (await catalog.segments.between(cameraId, 0, Date.now() + MIN)).filter(
        (s) => s.state === 'final',
      );
    rows = await waitFor(
      'five final segments',
      async () => ((await finals()).length >= 5 ? finals() : undefined),
      { timeoutMs: 20_000 },
    ).catch((error) => {
      void catalog.segments
        .between(cameraId, 0, Date.now() + MIN)
        .then((all) => console.error(JSON.stringify(all)));
      console.error(app.logs.slice(-5).join('\n'));
      throw error;
    });
    await sendJson(app, 'PATCH', `/cameras/${cameraId}`, { record: 'off' });
    t0 = rows[0].start_ms;
    rows = rows.slice(0, 5);
    t1 = rows[4].end_ms;

    // A day of one-minute segments for another camera: hard links to one recorded file (the
    // index and the file heads are what a plan reads; the bytes are not looked at here).
    const source = join(app.config.videos_dir, rows[0].path);
    const bytes = statSync(source).size;
    const day = [];
    mkdirSync(join(app.config.videos_dir, 'continuous', DAY_CAMERA), { recursive: true });
    for (let n = 0; n < 1440; n++) {
      const path = `continuous/${DAY_CAMERA}/${n}.mp4`;
      linkSync(source, join(app.config.videos_dir, path));
      day.push({
        camera_id: DAY_CAMERA,
        path,
        start_ms: t0 - 2 * 1440 * MIN + n * MIN,
        end_ms: t0 - 2 * 1440 * MIN + (n + 1) * MIN,
        bytes,
        frames: rows[0].frames,
        codec: rows[0].codec,
        storage: 'copy' as const,
      });
    }
    await catalog.segments.insertMany(day);
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await camera?.stop();
    rmSync(dir, { recursive: true, force: true });
    expect(serverMediaPids()).toEqual([]);
  });

  it('sends the range as one MP4: the camera stream copied, every frame once, a safe file name', async () => {
    const start = t0 + 500;
    const end = t1 - 300;
    const response = await fetch(url(`/cameras/${cameraId}/video.mp4?start=${start}&end=${end}`));
    expect(response.status).toBe(200);
    const body = Buffer.from(await response.arrayBuffer());
    expect(response.headers.get('content-length')).toBe(String(body.length));
    expect(response.headers.get('accept-ranges')).toBe('bytes');
    expect(response.headers.get('content-type')).toBe('video/mp4');
    expect(response.headers.get('etag')).toMatch(/^"[\w-]+"$/);
    const stamp = new Date(start)
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d+Z$/, 'Z');
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="Yard_gate_east-${stamp}.mp4"`,
    );
    const footageStart = Date.parse(response.headers.get('x-footage-start') ?? '');
    // Shown from start itself: an edit list over the keyframe before it.
    expect(footageStart).toBe(start);

    const file = join(dir, 'range.mp4');
    writeFileSync(file, body);
    const probed = ffprobe(file);
    expect(probed.streams.find((s) => s.codec_type === 'video')).toMatchObject({
      codec_name: 'h264',
      width: 640,
      height: 360,
    });
    // From the keyframe at or before start to the last frame before end, within a GOP.
    const duration = Number(probed.format.duration);
    expect(duration * 1000).toBeGreaterThanOrEqual(end - start - 1000 / FPS);
    expect(duration * 1000).toBeLessThanOrEqual(end - start + 1000 + 1000 / FPS);
    // Across four segment boundaries, no frame missing or repeated: the frames the segment
    // files hold, in order, from the first one sent (a loaded machine may make the camera
    // itself skip frames; that is in the files too).
    const recorded = rows.flatMap((row) =>
      frameIndices(join(app.config.videos_dir, row.path), 640, 360),
    );
    const indices = frameIndices(file, 640, 360);
    expect(indices.length).toBeGreaterThan(4 * FPS);
    expect(indices).toEqual(framesSentFrom(recorded, indices));
  }, 60_000);

  it('plays in a <video> element of Chromium from the in-point, and seeks to the right frame', async () => {
    const start = t0 + 500;
    const end = t1 - 300;
    const src = `/cameras/${cameraId}/video.mp4?start=${start}&end=${end}`;
    const file = join(dir, 'chromium.mp4');
    writeFileSync(file, Buffer.from(await (await fetch(url(src))).arrayBuffer()));
    const frames = frameIndices(file, 640, 360);
    const browser = await launchChromium();
    try {
      const page = await browser.context.newPage();
      // A page of the app's own origin (foreign origins are refused).
      await page.goto(url('/health'));
      // The in-point itself (time 0: shown through the edit list), then 2.5 s into the file.
      const seeks = [0.001, 2.5];
      const result = await page.evaluate(
        async ({ src, seeks, barRows }) => {
          const video = document.createElement('video');
          video.muted = true;
          video.preload = 'auto';
          document.body.append(video);
          const event = (name: string) =>
            new Promise<void>((resolve, reject) => {
              video.addEventListener(name, () => resolve(), { once: true });
              video.addEventListener('error', () => reject(new Error(video.error?.message)), {
                once: true,
              });
            });
          const loaded = event('loadeddata');
          video.src = src;
          await loaded;
          const duration = video.duration;
          await video.play();
          await new Promise((resolve) => setTimeout(resolve, 700));
          video.pause();
          const played = video.currentTime;
          const shown: { at: number; grey: number[] }[] = [];
          for (const seekTo of seeks) {
            const seeked = event('seeked');
            // 'seeked' can come before the new frame reaches the element (a loaded machine
            // drew the frame from before the seek): wait for it to be presented too.
            const presented = new Promise<void>((resolve) => {
              video.requestVideoFrameCallback(() => resolve());
            });
            video.currentTime = seekTo;
            await seeked;
            await presented;
            // The painted frame's frame-index bar, grey (only its rows: a whole frame's pixels
            // take seconds to come back from the page).
            const canvas = document.createElement('canvas');
            canvas.width = video.videoWidth;
            canvas.height = video.videoHeight;
            const context = canvas.getContext('2d') as CanvasRenderingContext2D;
            context.drawImage(video, 0, 0);
            const rgba = context.getImageData(0, 0, canvas.width, barRows).data;
            const grey: number[] = [];
            for (let i = 0; i < rgba.length; i += 4) grey.push(rgba[i + 1]);
            shown.push({ at: video.currentTime, grey });
          }
          return { duration, played, width: video.videoWidth, shown };
        },
        { src, seeks, barRows: frameIndexBarHeight(360) },
      );
      // The bar's rows on a frame of the whole size, for the decoder.
      const frameOf = (bar: number[]) => {
        const grey = new Uint8Array(640 * 360);
        grey.set(bar);
        return grey;
      };
      expect(result.width).toBe(640);
      // Chromium counts the frames decoded before the in-point in the duration (up to a GOP).
      expect(result.duration).toBeGreaterThan((end - start) / 1000 - 0.1);
      expect(result.duration).toBeLessThan((end - start) / 1000 + 1.1);
      expect(result.played).toBeGreaterThan(0.2);
      // The frame shown at a time is the last one presented at or before it (ffprobe applies
      // the same edit list: the frames before the in-point get negative times).
      const times = videoPacketTimes(file);
      seeks.forEach((seekTo, i) => {
        expect(result.shown[i].at).toBeCloseTo(seekTo, 1);
        const shown = decodeFrameIndex(frameOf(result.shown[i].grey), 640, 360);
        const expected = frames[times.filter((t) => t <= seekTo + 0.001).length - 1] as number;
        expect(Math.abs((shown as number) - expected)).toBeLessThanOrEqual(1);
      });
      // The in-point's frame: the one recorded at start, by the recorder's clock (its first
      // segment's first frame at its start, the others at their own times: a camera short of
      // CPU sends some late, so counting FPS frames a second can be a frame or two off).
      const segment = join(app.config.videos_dir, rows[0].path);
      const recorded = frameIndices(segment, 640, 360);
      const segmentTimes = videoPacketTimes(segment).map((t, _, all) => t - all[0]);
      const intoSegment = (start - t0) / 1000;
      const inPoint = recorded[
        segmentTimes.filter((t) => t <= intoSegment + 0.001).length - 1
      ] as number;
      const first = decodeFrameIndex(frameOf(result.shown[0].grey), 640, 360) as number;
      expect(Math.abs(first - inPoint)).toBeLessThanOrEqual(1);
    } finally {
      await browser.close();
    }
  }, 180_000);

  it('answers byte ranges (206), a stale If-Range with the whole file, an unsatisfiable range with 416', async () => {
    const path = `/cameras/${cameraId}/video.mp4?start=${t0}&end=${t1}`;
    const whole = await fetch(url(path));
    const body = Buffer.from(await whole.arrayBuffer());
    const etag = whole.headers.get('etag') as string;

    const part = await fetch(url(path), {
      headers: { range: 'bytes=1000-99999', 'if-range': etag },
    });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 1000-99999/${body.length}`);
    expect(part.headers.get('content-length')).toBe('99000');
    expect(Buffer.from(await part.arrayBuffer()).equals(body.subarray(1000, 100_000))).toBe(true);

    const tail = await fetch(url(path), { headers: { range: 'bytes=-5000' } });
    expect(tail.status).toBe(206);
    expect(Buffer.from(await tail.arrayBuffer()).equals(body.subarray(body.length - 5000))).toBe(
      true,
    );

    const stale = await fetch(url(path), {
      headers: { range: 'bytes=0-9', 'if-range': '"other"' },
    });
    expect(stale.status).toBe(200);
    expect(Number(stale.headers.get('content-length'))).toBe(body.length);
    await stale.body?.cancel();

    const beyond = await fetch(url(path), { headers: { range: `bytes=${body.length}-` } });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get('content-range')).toBe(`bytes */${body.length}`);
    expect((await beyond.json()).message).toMatch(/beyond the end/);

    const head = await fetch(url(path), { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(body.length));
    expect(head.headers.get('etag')).toBe(etag);
  }, 60_000);

  it('sends a day of 1440 segments as one file, and answers a later range request from its plan', async () => {
    // How fast it starts and streams is measured by the bench (recorder/export).
    const start = t0 - 2 * 1440 * MIN;
    const path = `/cameras/${DAY_CAMERA}/video.mp4?start=${start}&end=${start + 1440 * MIN}`;
    const response = await fetch(url(path));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toMatch(
      /filename="daydaydayday-\d{8}T\d{6}Z\.mp4"/,
    );
    // Streamed through, keeping only a window of the middle to compare a range request with.
    const size = Number(response.headers.get('content-length'));
    const [from, to] = [Math.floor(size / 2), Math.floor(size / 2) + 1_000_000];
    const window: Buffer[] = [];
    let received = 0;
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      const [a, b] = [Math.max(from, received), Math.min(to, received + chunk.length)];
      if (a < b) window.push(Buffer.from(chunk.subarray(a - received, b - received)));
      received += chunk.length;
    }
    expect(received).toBe(size);
    // Planned once: with a segment file gone, the next range request is answered from the
    // plan and the heads already read (its bytes lie after that file's).
    rmSync(join(app.config.videos_dir, 'continuous', DAY_CAMERA, '0.mp4'));
    const middle = await fetch(url(path), {
      headers: {
        range: `bytes=${from}-${to - 1}`,
        'if-range': response.headers.get('etag') as string,
      },
    });
    expect(middle.status).toBe(206);
    expect(middle.headers.get('content-range')).toBe(`bytes ${from}-${to - 1}/${size}`);
    expect(Buffer.from(await middle.arrayBuffer()).equals(Buffer.concat(window))).toBe(true);
  }, 120_000);

  it.each([
    ['start=x&end=2', 400, /^start must be an ISO 8601 time/],
    ['start=1767225600000', 400, /^end must be a time/],
    ['end=1767225600000', 400, /^start must be a time/],
    ['start=1767229200000&end=1767225600000', 400, /^end must be after start/],
    ['start=1767225600000&end=1767225600000', 400, /^end must be after start/],
    ['start=1767225600000&end=1767315600001', 400, /^end must be at most 24 h after start/],
    ['start=2150-01-01T00:00:00Z&end=2150-01-01T01:00:00Z', 400, /^start lies in the future/],
    ['start=3000-01-01T00:00:00Z&end=3000-01-01T01:00:00Z', 400, /^start must lie between/],
    ['start=1767225600000&end=1767229200000', 404, /has no recorded footage between/],
  ])('refuses %s with %i naming the parameter', async (query, status, message) => {
    const answer = await getJson(app, `/cameras/abcdefghijkl/video.mp4?${query}`);
    expect(answer.status).toBe(status);
    expect(answer.body.message).toMatch(message);
  });

  it('refuses a camera id that is none with 400', async () => {
    const answer = await getJson(app, '/cameras/nope/video.mp4?start=1&end=2');
    expect(answer.status).toBe(400);
    expect(answer.body.message).toMatch(/^id must be a camera id/);
  });
});
