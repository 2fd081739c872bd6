import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FOOTAGE_FRAME_HEADER_BYTES, type SegmentListResponse } from '@camrec/shared-types';
import { frameIndices } from '@camrec/testing';
import { writeFrameIndexFootage, type Footage } from '@camrec/timeline-harness';
import { getJson } from '../../test-support/http';
import { startTestApp, type TestApp } from '../../test-support/test-app';

const JPEG_CAMERA = 'jpegjpegjpeg';
const VIDEO_CAMERA = 'videovideovi';
const SIZE = { width: 320, height: 240 };

interface FrameRecord {
  atMs: number;
  durationMs: number;
  jpeg: Buffer;
}

/** The records of a `jpeg-frames` answer (see FOOTAGE_FRAME_HEADER_BYTES). */
function readRecords(body: Buffer): FrameRecord[] {
  const records: FrameRecord[] = [];
  for (let at = 0; at < body.length;) {
    const length = body.readUInt32BE(at + 16);
    const start = at + FOOTAGE_FRAME_HEADER_BYTES;
    records.push({
      atMs: body.readDoubleBE(at),
      durationMs: body.readDoubleBE(at + 8),
      jpeg: body.subarray(start, start + length),
    });
    at = start + length;
  }
  return records;
}

describe('GET /cameras/:id/jpeg-frames: footage kept as JPEG frames, frame by frame (booted app)', () => {
  let dir: string;
  let app: TestApp;
  let jpeg: Footage;
  let video: Footage;
  const frames = async (cameraId: string, query: string) => {
    const response = await fetch(`${app.baseUrl}/cameras/${cameraId}/jpeg-frames?${query}`);
    const body = Buffer.from(await response.arrayBuffer());
    return { response, body };
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'camrec-jpeg-frames-'));
    const startMs = Math.floor(Date.now() / 1000) * 1000 - 3_600_000;
    // Written as continuous recording writes them, before the server starts: it indexes them.
    jpeg = await writeFrameIndexFootage({
      videosDir: join(dir, 'videos'),
      cameras: [{ id: JPEG_CAMERA, segmentS: 4 }],
      startMs,
      seconds: 30,
      storage: 'jpeg',
    });
    video = await writeFrameIndexFootage({
      videosDir: join(dir, 'videos'),
      cameras: [{ id: VIDEO_CAMERA, segmentS: 2 }],
      startMs,
      seconds: 6,
    });
    app = await startTestApp({ proxy_mode: 'direct' }, undefined, { dir });
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('knows from the files alone which footage is JPEG frames', async () => {
    const range = `start=${jpeg.startMs}&end=${jpeg.endMs}`;
    const listed = async (id: string) =>
      (await getJson<SegmentListResponse>(app, `/cameras/${id}/segments?${range}`)).body.segments;
    const jpegSegments = await listed(JPEG_CAMERA);
    expect(jpegSegments.length).toBeGreaterThanOrEqual(7);
    expect(new Set(jpegSegments.map((s) => s.storage))).toEqual(new Set(['jpeg']));
    expect(new Set((await listed(VIDEO_CAMERA)).map((s) => s.storage))).toEqual(new Set(['copy']));
  });

  it('sends the frames from the one shown at the instant, each with its capture time, across segment boundaries', async () => {
    // Half a frame into frame 34: it is the one shown; 5 s on, frame 84 is the last before.
    const at = jpeg.timeOf(34) + 50;
    const { response, body } = await frames(JPEG_CAMERA, `at=${at}&duration=5`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/octet-stream');
    const records = readRecords(body);
    const expected = Array.from({ length: 51 }, (_, i) => 34 + i);
    expect(records.map((r) => r.atMs)).toEqual(expected.map((i) => jpeg.timeOf(i)));
    expect(new Set(records.map((r) => r.durationMs))).toEqual(new Set([100]));
    // The pictures are the camera's: each carries the index of the frame recorded then.
    expect(frameIndices({ jpegs: records.map((r) => r.jpeg) }, SIZE.width, SIZE.height)).toEqual(
      expected,
    );

    // The next chunk, from where the last frame ends, starts with the frame after it.
    const last = records[records.length - 1];
    const next = readRecords(
      (await frames(JPEG_CAMERA, `at=${Math.ceil(last.atMs + last.durationMs)}&duration=2`)).body,
    );
    expect(next.map((r) => r.atMs)).toEqual(
      Array.from({ length: 20 }, (_, i) => jpeg.timeOf(85 + i)),
    );
    expect(frameIndices({ jpegs: [next[0].jpeg] }, SIZE.width, SIZE.height)).toEqual([85]);
  });

  it('plays from the next footage when the instant lies before it, and stops at its last frame', async () => {
    const before = readRecords(
      (await frames(JPEG_CAMERA, `at=${jpeg.startMs - 600_000}&duration=1`)).body,
    );
    expect(before.map((r) => r.atMs)).toEqual(Array.from({ length: 10 }, (_, i) => jpeg.timeOf(i)));
    const end = readRecords(
      (await frames(JPEG_CAMERA, `at=${new Date(jpeg.timeOf(jpeg.frames - 3)).toISOString()}`))
        .body,
    );
    expect(end.map((r) => r.atMs)).toEqual([-3, -2, -1].map((i) => jpeg.timeOf(jpeg.frames + i)));
    expect(frameIndices({ jpegs: end.map((r) => r.jpeg) }, SIZE.width, SIZE.height)).toEqual([
      jpeg.frames - 3,
      jpeg.frames - 2,
      jpeg.frames - 1,
    ]);
  });

  it('refuses H.264 footage (409, to playback.mp4), and playback.mp4 refuses JPEG frames (409, to jpeg-frames)', async () => {
    const asFrames = await frames(VIDEO_CAMERA, `at=${video.startMs + 1000}`);
    expect(asFrames.response.status).toBe(409);
    expect(JSON.parse(asFrames.body.toString()).message).toBe(
      `camera ${VIDEO_CAMERA} kept its footage at ${new Date(video.startMs + 1000).toISOString()} as video, not JPEG frames: play it through GET /cameras/${VIDEO_CAMERA}/playback.mp4`,
    );
    const asVideo = await getJson(
      app,
      `/cameras/${JPEG_CAMERA}/playback.mp4?at=${jpeg.startMs + 1000}`,
    );
    expect(asVideo.status).toBe(409);
    expect(asVideo.body.message).toMatch(
      new RegExp(`as JPEG frames, .*: play it through GET /cameras/${JPEG_CAMERA}/jpeg-frames$`),
    );
  });

  it.each([
    ['NOPE', 'at=1700000000000', 400, /^id must be a camera id/],
    [JPEG_CAMERA, '', 400, /^at must be a time/],
    [JPEG_CAMERA, 'at=yesterday', 400, /^at must be an ISO 8601 time/],
    [
      JPEG_CAMERA,
      'at=1700000000000&duration=0',
      400,
      /^duration must be a whole number of seconds from 1 to 30/,
    ],
    [JPEG_CAMERA, 'at=1700000000000&duration=31', 400, /^duration must be a whole number/],
    [JPEG_CAMERA, 'at=1700000000000&duration=2.5', 400, /^duration must be a whole number/],
    [
      'k3v7q2m7x4ab',
      'at=1700000000000',
      404,
      /^camera k3v7q2m7x4ab has no recorded footage at or after 2023-11-14T22:13:20.000Z$/,
    ],
  ])(
    'refuses camera %s, query "%s" with %i naming the problem',
    async (id, query, status, message) => {
      const answer = await frames(id, query);
      expect(answer.response.status).toBe(status);
      expect(JSON.parse(answer.body.toString()).message).toMatch(message);
    },
  );

  it('answers 404 after the last footage', async () => {
    const answer = await frames(JPEG_CAMERA, `at=${jpeg.endMs + 1000}`);
    expect(answer.response.status).toBe(404);
  });
});
