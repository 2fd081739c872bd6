import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isPidAlive } from '@camrec/process';
import { SimCamera } from '../camera-options';
import { JpegFrameSplitter } from '../render/frame-splitters';
import { deltas, probeStreams, readGrayFrames } from '../test-support/media-client';
import { parseFrameLog, readFrameLog } from '../emit/frame-log';
import { framesMissed } from '../../media-checks';
import { MjpegSimCamera, startMjpegCamera } from './mjpeg-camera';

const SIZE = { width: 640, height: 360 };
const dir = mkdtempSync(join(tmpdir(), 'camera-sim-mjpeg-'));
// At the top level: runs after the describe blocks' afterAll hooks have stopped their cameras.
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Stops the camera and checks that none of its processes survived. */
async function stopAndCheck(camera: SimCamera): Promise<void> {
  const pids = camera.pids();
  await camera.stop();
  await camera.stop(); // idempotent
  for (const pid of pids) expect(isPidAlive(pid)).toBe(false);
}

/** JPEG images received on one HTTP connection until the server closes it or `ms` pass. */
function countImages(
  url: string,
  ms: number,
): Promise<{ images: number; closedByServer: boolean }> {
  return new Promise((resolve, reject) => {
    const splitter = new JpegFrameSplitter();
    let images = 0;
    const req = get(url, (res) => {
      const timer = setTimeout(() => {
        req.destroy();
        resolve({ images, closedByServer: false });
      }, ms);
      res.on('data', (chunk: Buffer) => {
        splitter.push(chunk);
        while (splitter.take()) images++;
      });
      res.on('close', () => {
        clearTimeout(timer);
        resolve({ images, closedByServer: true });
      });
    });
    req.on('error', reject);
  });
}

describe('MJPEG camera', () => {
  let camera: MjpegSimCamera;
  const log = join(dir, 'cfr.log');

  beforeAll(async () => {
    camera = await startMjpegCamera({ log });
  });
  afterAll(() => stopAndCheck(camera));

  it('has a URL on 127.0.0.1 with the bound port', () => {
    expect(camera.url).toBe(`http://127.0.0.1:${camera.port}/mjpeg`);
    expect(camera.urlWithCredentials).toBeUndefined();
    expect(camera.pids()).toHaveLength(1);
  });

  it('serves two ffmpeg clients at once, each seeing every frame it emitted from the first one read, bar those it skipped for a busy viewer', async () => {
    const skippedBefore = camera.framesSkippedForViewers();
    const [probe, first, second] = await Promise.all([
      probeStreams(camera.url),
      readGrayFrames(camera.url, 15, SIZE),
      readGrayFrames(camera.url, 15, SIZE),
    ]);
    expect(probe[0]).toMatchObject({
      codec_type: 'video',
      codec_name: 'mjpeg',
      width: 640,
      height: 360,
    });
    // A loaded machine may make the camera skip a frame (its log leaves that one out), or one
    // for a viewer still busy with the previous frame, as a real camera does: each frame a
    // client missed must be one of those.
    const sent = [...readFrameLog(log).keys()];
    const missed = [first, second].map(({ indices, result }) => {
      expect(result.stderr).toBe('');
      expect(indices).toHaveLength(15);
      expect(indices.every((index) => index !== null)).toBe(true);
      return framesMissed(sent, indices);
    });
    expect(missed).not.toContain(null);
    const total = (missed as number[]).reduce((sum, count) => sum + count, 0);
    expect(total).toBeLessThanOrEqual(camera.framesSkippedForViewers() - skippedBefore);
    expect(camera.framesEmitted()).toBeGreaterThan(Math.max(...(first.indices as number[])));
  });

  it('serves the latest frame at /snapshot.jpg, the stream at /, and 404 elsewhere', async () => {
    const base = camera.url.replace(/\/mjpeg$/, '');
    const snapshot = await fetch(`${base}/snapshot.jpg`);
    expect(snapshot.status).toBe(200);
    expect(snapshot.headers.get('content-type')).toBe('image/jpeg');
    const jpeg = Buffer.from(await snapshot.arrayBuffer());
    expect([jpeg[0], jpeg[1], jpeg[jpeg.length - 2], jpeg[jpeg.length - 1]]).toEqual([
      0xff, 0xd8, 0xff, 0xd9,
    ]);

    const controller = new AbortController();
    const root = await fetch(`${base}/`, { signal: controller.signal });
    expect(root.headers.get('content-type')).toMatch(/^multipart\/x-mixed-replace; boundary=/);
    controller.abort();

    expect((await fetch(`${base}/other`)).status).toBe(404);
  });

  it('logs one line per emitted frame at the nominal interval', async () => {
    const frames = parseFrameLog(readFileSync(log, 'utf8'));
    expect(frames.length).toBeGreaterThan(10);
    expect(frames.map(([index]) => index)).toEqual(frames.map((_, i) => i));
    const intervals = deltas(frames.slice(1).map(([, ms]) => ms)).sort((a, b) => a - b);
    const median = intervals[Math.floor(intervals.length / 2)];
    expect(median).toBeGreaterThanOrEqual(95);
    expect(median).toBeLessThanOrEqual(105);
  });
});

describe('MJPEG camera with auth', () => {
  it.each(['basic', 'digest'] as const)(
    '%s: refuses missing or wrong credentials, accepts right ones',
    async (type) => {
      const camera = await startMjpegCamera({ auth: { type, user: 'admin', password: 's3cret!' } });
      try {
        expect(camera.urlWithCredentials).toBe(
          `http://admin:s3cret!@127.0.0.1:${camera.port}/mjpeg`,
        );
        const wrong = camera.url.replace('http://', 'http://admin:nope@');
        const [missing, refused, accepted] = await Promise.all([
          readGrayFrames(camera.url, 3, SIZE),
          readGrayFrames(wrong, 3, SIZE),
          readGrayFrames(camera.urlWithCredentials ?? 'missing', 3, SIZE),
        ]);
        expect(missing.result.stderr).toMatch(/401 Unauthorized/);
        expect(refused.result.stderr).toMatch(/401 Unauthorized/);
        expect(accepted.result.stderr).toBe('');
        expect(accepted.indices).toHaveLength(3);
        const challenge = (await fetch(camera.url)).headers.get('www-authenticate');
        expect(challenge).toMatch(
          type === 'basic' ? /^Basic realm=/ : /^Digest realm=.*qop="auth"/,
        );
      } finally {
        await stopAndCheck(camera);
      }
    },
  );
});

describe('MJPEG camera faults', () => {
  it('dropAfterFrames: cuts every connection after N frames', async () => {
    const camera = await startMjpegCamera({ fps: 25, dropAfterFrames: 5 });
    try {
      const [first, second] = await Promise.all([
        countImages(camera.url, 5000),
        countImages(camera.url, 5000),
      ]);
      expect(first).toEqual({ images: 5, closedByServer: true });
      expect(second).toEqual({ images: 5, closedByServer: true });
    } finally {
      await stopAndCheck(camera);
    }
  });

  it('silent: accepts the connection and never sends a byte', async () => {
    const camera = await startMjpegCamera({ silent: true });
    try {
      expect(camera.url).toBe(`http://127.0.0.1:${camera.port}/mjpeg`);
      const received = await new Promise<{ bytes: number; open: boolean }>((resolve, reject) => {
        const socket = connect(camera.port, '127.0.0.1', () =>
          socket.write('GET /mjpeg HTTP/1.1\r\nHost: x\r\n\r\n'),
        );
        let bytes = 0;
        let open = true;
        socket.on('data', (chunk) => (bytes += chunk.length));
        socket.on('close', () => (open = false));
        socket.on('error', reject);
        setTimeout(() => {
          resolve({ bytes, open });
          socket.destroy();
        }, 1000);
      });
      expect(received).toEqual({ bytes: 0, open: true });
      expect(camera.pids()).toEqual([]);
    } finally {
      await stopAndCheck(camera);
    }
  });

  it('vfr: frame intervals cycle through 0.5x..2x of the nominal interval', async () => {
    const log = join(dir, 'vfr.log');
    const camera = await startMjpegCamera({ fps: 20, vfr: true, log });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await stopAndCheck(camera);
    const frames = parseFrameLog(readFileSync(log, 'utf8'));
    expect(frames.length).toBeGreaterThan(12);
    const intervals = deltas(frames.map(([, ms]) => ms));
    // interval i follows frame i: 25, 50, 75, 100 ms for i mod 4 = 0..3 (timer jitter allowed)
    const byPhase = [0, 1, 2, 3].map((phase) => {
      const phaseIntervals = intervals
        .slice(1)
        .filter((_, i) => (i + 1) % 4 === phase)
        .sort((a, b) => a - b);
      return phaseIntervals[Math.floor(phaseIntervals.length / 2)];
    });
    byPhase.forEach((median, phase) =>
      expect(Math.abs(median - 25 * (phase + 1))).toBeLessThanOrEqual(12),
    );
  });

  it('refuses invalid options and a busy port', async () => {
    await expect(startMjpegCamera({ width: 641 })).rejects.toThrow(/must be even/);
    await expect(startMjpegCamera({ quality: 0 })).rejects.toThrow(/quality must be an integer/);
    const camera = await startMjpegCamera({ silent: true });
    try {
      await expect(startMjpegCamera({ port: camera.port })).rejects.toThrow(/EADDRINUSE/);
    } finally {
      await stopAndCheck(camera);
    }
  });

  it('fails to start, leaving nothing behind, when ffmpeg cannot be run', async () => {
    await expect(startMjpegCamera({ ffmpegPath: '/nonexistent/ffmpeg' })).rejects.toThrow(
      /cannot run ffmpeg/,
    );
  });
});
