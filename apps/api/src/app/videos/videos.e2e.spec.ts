import { createHash } from 'node:crypto';
import { request } from 'node:http';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SimCamera, startRtspCamera } from '@camrec/testing/camera-sim';
import { serverMediaPids, startTestApp, TestApp } from '../../test-support/test-app';
import { getJson, openSession, postJson } from '../../test-support/http';
import { videoFolderFiles } from '../../test-support/video-files';
import { ffprobe, waitFor } from '@camrec/testing';

/** A request with the path sent exactly as written (fetch would normalise `..`). */
function rawRequest(
  baseUrl: string,
  method: string,
  path: string,
): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, method, path }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

/** Every file under `root` with its content hash: "untouched" means equal. */
function snapshot(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else out[path] = createHash('sha1').update(readFileSync(path)).digest('hex');
    }
  };
  walk(root);
  return out;
}

describe('the video library through the HTTP API (booted app, a real recording)', () => {
  let app: TestApp;
  let root: string;
  let videosDir: string;
  let camera: SimCamera;
  let filename: string;
  let bytes: Buffer;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'camrec-videos-'));
    videosDir = join(root, 'videos');
    mkdirSync(join(root, 'outside'));
    writeFileSync(join(root, 'outside', 'secret.mp4'), 'not for you');
    app = await startTestApp({ videos_dir: videosDir });
    camera = await startRtspCamera({ codec: 'h264', audio: 'aac' });
    const sessionId = await openSession(app, camera.url);
    const started = await postJson(app, '/record/start', { session_id: sessionId, duration: 2 });
    filename = started.body.filename;
    await waitFor('the clip', async () => {
      const { body } = await getJson(app, `/record/status/${sessionId}`);
      return body.state === 'completed' ? true : undefined;
    });
    await postJson(app, '/session/close', { session_id: sessionId });
    bytes = readFileSync(join(videosDir, filename));
  });

  afterAll(async () => {
    await app?.close();
    await camera?.stop();
    rmSync(root, { recursive: true, force: true });
    expect(serverMediaPids()).toEqual([]);
  });

  const videoUrl = () => `${app.baseUrl}/videos/${filename}`;

  it('lists the video with its metadata', async () => {
    const { status, body } = await getJson(app, '/videos');
    expect(status).toBe(200);
    expect(body.videos).toEqual([
      {
        filename,
        size_bytes: bytes.length,
        duration_s: expect.any(Number),
        created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        session_id: filename.split('_')[0],
        camera_id: null,
        width: 640,
        height: 360,
        video_codec: 'h264',
        audio_codec: 'aac',
        thumbnail_url: `/videos/${filename}/thumbnail`,
        trigger: 'manual',
        event_id: null,
        pre_roll: null,
        keep: false,
      },
    ]);
  });

  it('serves the whole file as video/mp4 and says it accepts ranges', async () => {
    const response = await fetch(videoUrl());
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('video/mp4');
    expect(response.headers.get('accept-ranges')).toBe('bytes');
    expect(response.headers.get('content-length')).toBe(String(bytes.length));
    expect(response.headers.get('content-disposition')).toBeNull();
    expect(Buffer.from(await response.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it.each([
    ['the first bytes', 'bytes=0-99', 0, 99],
    ['the middle', 'bytes=1000-4999', 1000, 4999],
    ['an open end', 'bytes=5000-', 5000, -1],
    ['a suffix', 'bytes=-500', -500, -1],
  ])('answers 206 with %s', async (_what, range, from, to) => {
    const start = from < 0 ? bytes.length + from : from;
    const end = to < 0 ? bytes.length - 1 : to;
    const response = await fetch(videoUrl(), { headers: { range } });
    expect(response.status).toBe(206);
    expect(response.headers.get('content-range')).toBe(`bytes ${start}-${end}/${bytes.length}`);
    expect(response.headers.get('content-length')).toBe(String(end - start + 1));
    expect(Buffer.from(await response.arrayBuffer()).equals(bytes.subarray(start, end + 1))).toBe(
      true,
    );
  });

  it.each(['bytes=999999999-', 'bytes=20-10', 'bytes=abc'])(
    'answers 416 to the bad range %s',
    async (range) => {
      const response = await fetch(videoUrl(), { headers: { range } });
      expect(response.status).toBe(416);
      expect(response.headers.get('content-range')).toBe(`bytes */${bytes.length}`);
      expect(await response.json()).toEqual({
        statusCode: 416,
        error: 'Range Not Satisfiable',
        message: expect.any(String),
      });
    },
  );

  it('answers HEAD with the headers only', async () => {
    const whole = await rawRequest(app.baseUrl, 'HEAD', `/videos/${filename}`);
    expect(whole.status).toBe(200);
    expect(whole.headers['content-length']).toBe(String(bytes.length));
    expect(whole.headers['accept-ranges']).toBe('bytes');
    expect(whole.body.length).toBe(0);
    const part = await fetch(videoUrl(), { method: 'HEAD', headers: { range: 'bytes=0-9' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-length')).toBe('10');
  });

  it('adds Content-Disposition: attachment for ?download=1', async () => {
    const response = await fetch(`${videoUrl()}?download=1`);
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="${filename}"`);
    await response.arrayBuffer();
    expect((await fetch(`${videoUrl()}?download=maybe`)).status).toBe(400);
  });

  it('serves a JPEG thumbnail with the video aspect', async () => {
    const response = await fetch(`${videoUrl()}/thumbnail`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/jpeg');
    const jpeg = Buffer.from(await response.arrayBuffer());
    expect(jpeg.subarray(0, 2).toString('hex')).toBe('ffd8');
    const thumbnail = join(root, 'thumb.jpg');
    writeFileSync(thumbnail, jpeg);
    const [stream] = ffprobe(thumbnail).streams;
    expect(stream.codec_name).toBe('mjpeg');
    expect((stream.width ?? 0) / (stream.height ?? 1)).toBeCloseTo(640 / 360, 1);
    rmSync(thumbnail);
  });

  it('refuses traversal payloads with 400 or 404 and touches no file', async () => {
    const before = snapshot(root);
    const payloads = [
      '..%2Foutside%2Fsecret.mp4',
      '%2e%2e%2foutside%2fsecret.mp4',
      '%2E%2E%2Foutside%2Fsecret.mp4',
      '..%5Coutside%5Csecret.mp4',
      '%252e%252e%252foutside%252fsecret.mp4',
      `${filename}%00.jpg`,
      '%2Fetc%2Fpasswd',
      encodeURIComponent(join(root, 'outside', 'secret.mp4')),
      '....%2F%2Foutside%2Fsecret.mp4',
      `${filename}%2F..%2F..%2Foutside%2Fsecret.mp4`,
      'C%3A%5CWindows%5Cwin.ini',
      '%C0%AE%C0%AE%2Fsecret.mp4',
      '%EF%BC%8E%EF%BC%8E%EF%BC%8Fsecret.mp4',
      `${filename}.part`,
      filename.replace('.mp4', '.json'),
      '..',
    ];
    for (const payload of payloads) {
      for (const [method, suffix] of [
        ['GET', ''],
        ['HEAD', ''],
        ['DELETE', ''],
        ['GET', '/thumbnail'],
      ]) {
        const response = await rawRequest(app.baseUrl, method, `/videos/${payload}${suffix}`);
        expect([400, 404]).toContain(response.status);
        expect(response.body.toString()).not.toContain('not for you');
      }
    }
    // Paths with raw dot segments, as a hand-written client could send them.
    for (const path of [
      '/videos/../outside/secret.mp4',
      '/videos/..%2f..%2fetc%2fpasswd',
      '/videos/./../secret.mp4',
    ]) {
      const response = await rawRequest(app.baseUrl, 'GET', path);
      expect([400, 404]).toContain(response.status);
      expect(response.body.toString()).not.toContain('not for you');
    }
    expect(snapshot(root)).toEqual(before);
  });

  it('answers file-system failures with the reason and a 4xx or 507, never a 500', async () => {
    // A second video whose thumbnail name is taken by a folder with something in it.
    const other = filename.replace(/_\d{8}-\d{6}\.mp4$/, '_20000101-000000.mp4');
    const stem = (name: string) => join(videosDir, name.slice(0, -'.mp4'.length));
    writeFileSync(join(videosDir, other), bytes);
    const metadata = JSON.parse(readFileSync(`${stem(filename)}.json`, 'utf8'));
    writeFileSync(`${stem(other)}.json`, JSON.stringify({ ...metadata, filename: other }));
    mkdirSync(`${stem(other)}.jpg`);
    writeFileSync(join(`${stem(other)}.jpg`, 'keep'), 'x');
    try {
      const deleted = await fetch(`${app.baseUrl}/videos/${other}`, { method: 'DELETE' });
      expect(deleted.status).toBe(409);
      expect(await deleted.json()).toEqual({
        statusCode: 409,
        error: 'Conflict',
        message: expect.stringMatching(
          new RegExp(`^deleting ${other} failed: \\w*EISDIR \\(a folder stands where a file`),
        ),
      });
    } finally {
      rmSync(`${stem(other)}.jpg`, { recursive: true, force: true });
      rmSync(join(videosDir, other), { force: true });
    }

    // The videos folder replaced by a file: the list answers from the index (the next start
    // drops what the folder no longer has), the file itself is not found.
    const aside = `${videosDir}.aside`;
    renameSync(videosDir, aside);
    writeFileSync(videosDir, 'not a folder');
    try {
      const listed = await getJson(app, '/videos');
      expect(listed.status).toBe(200);
      expect(listed.body.videos.map((v: { filename: string }) => v.filename)).toEqual([filename]);
      expect((await fetch(videoUrl())).status).toBe(404);
    } finally {
      rmSync(videosDir);
      renameSync(aside, videosDir);
    }
  });

  it('deletes a video with 204, after which it is gone', async () => {
    const response = await fetch(videoUrl(), { method: 'DELETE' });
    expect(response.status).toBe(204);
    expect(videoFolderFiles(videosDir)).toEqual([]);
    expect((await fetch(videoUrl())).status).toBe(404);
    expect((await fetch(`${videoUrl()}/thumbnail`)).status).toBe(404);
    expect((await getJson(app, '/videos')).body.videos).toEqual([]);
    const again = await fetch(videoUrl(), { method: 'DELETE' });
    expect(again.status).toBe(404);
    expect(await again.json()).toEqual({
      statusCode: 404,
      error: 'Not Found',
      message: `video ${filename} not found`,
    });
  });
});
