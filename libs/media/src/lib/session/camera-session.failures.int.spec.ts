import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startMjpegCamera, startRtspCamera, type SimCamera } from '@camrec/testing/camera-sim';
import { ChildProcessRegistry } from '@camrec/process';
import {
  expectNoChildrenLeft,
  recordStates,
  testSessionOptions,
  trackPids,
} from '../test-support/session-harness';
import type { CameraSessionOptions } from './camera-session-options';
import { CameraSession, SessionClosedError } from './camera-session';
import { SessionOpenError } from './session-open-error';

const AUTH = { user: 'admin', password: 'S3cret-pw' };

/** A port nothing listens on: bind an ephemeral one and release it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('CameraSession open failures', () => {
  const cameras: SimCamera[] = [];
  let registry: ChildProcessRegistry;
  let tracker: ReturnType<typeof trackPids>;

  beforeEach(() => {
    registry = new ChildProcessRegistry();
    tracker = trackPids(registry);
  });

  afterEach(async () => {
    tracker.stop();
    await Promise.all(cameras.splice(0).map((c) => c.stop()));
    await expectNoChildrenLeft(registry, tracker.pids);
  });

  /** Opens, expects a SessionOpenError, and checks that the session ended up closed. */
  async function expectOpenFailure(url: string, overrides: Partial<CameraSessionOptions> = {}) {
    const session = new CameraSession(testSessionOptions(url, registry, overrides));
    const states = recordStates(session);
    const error = await session.open().then(
      () => {
        throw new Error('open succeeded');
      },
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SessionOpenError);
    expect(session.state).toBe('closed');
    expect(states).toEqual(['opening', 'closing', 'closed']);
    expect(session.lastError).toBe((error as Error).message);
    expect(registry.size).toBe(0);
    return error as SessionOpenError;
  }

  describe('RTSP', () => {
    it('wrong credentials → unauthorized (502), password masked; right ones open', async () => {
      const camera = await startRtspCamera({
        width: 160,
        height: 90,
        fps: 10,
        gop: 1,
        auth: { type: 'digest', ...AUTH },
      });
      cameras.push(camera);
      const wrong = camera.urlWithCredentials!.replace(AUTH.password, 'wrong-pw');
      const error = await expectOpenFailure(wrong);
      expect(error.kind).toBe('unauthorized');
      expect(error.httpStatus).toBe(502);
      expect(error.message).toMatch(
        /^camera at rtsp:\/\/admin:\*\*\*@127\.0\.0\.1:\d+\/stream refused access: .*401/,
      );
      expect(`${error.message} ${error.detail}`).not.toContain('wrong-pw');

      const session = new CameraSession(testSessionOptions(camera.urlWithCredentials!, registry));
      await expect(session.open()).resolves.toMatchObject({ video: { codec: 'h264' } });
      await session.close();
    });

    it('wrong path → not_found', async () => {
      const camera = await startRtspCamera({ width: 160, height: 90, fps: 10 });
      cameras.push(camera);
      const error = await expectOpenFailure(camera.url.replace('/stream', '/nope'));
      expect(error.kind).toBe('not_found');
      expect(error.httpStatus).toBe(502);
      expect(error.message).toMatch(/has no stream at this path \(404 Not Found\)/);
    });

    it('closed port → refused, after every attempt, without starting ffmpeg', async () => {
      const port = await closedPort();
      const started = jest.spyOn(registry, 'register');
      const error = await expectOpenFailure(`rtsp://u:pw@127.0.0.1:${port}/stream`, {
        verifyAttempts: 2,
      });
      expect(error.kind).toBe('refused');
      expect(error.message).toBe(
        `connection to rtsp://u:***@127.0.0.1:${port}/stream was refused (2 attempts): nothing accepts connections on that port`,
      );
      // The relay's connection ahead of ffmpeg's found the port closed.
      expect(started).not.toHaveBeenCalled();
    });

    it('silent server → timeout (504)', async () => {
      const camera = await startRtspCamera({ silent: true });
      cameras.push(camera);
      const started = Date.now();
      const error = await expectOpenFailure(camera.url, { verifyTimeoutS: 2, verifyAttempts: 1 });
      expect(error.kind).toBe('timeout');
      expect(error.httpStatus).toBe(504);
      expect(error.message).toMatch(/did not deliver 5 frames within 2 s: no answer within 2 s/);
      expect(Date.now() - started).toBeLessThan(8000);
    });

    it('close() during open stops the ingest at once and rejects the open', async () => {
      const camera = await startRtspCamera({ silent: true });
      cameras.push(camera);
      const session = new CameraSession(
        testSessionOptions(camera.url, registry, { verifyTimeoutS: 10, verifyAttempts: 3 }),
      );
      const opening = session.open();
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(registry.list().map((c) => c.name)).toEqual([`ingest ${session.id}`]);
      const started = Date.now();
      await session.close('user gave up');
      await expect(opening).rejects.toBeInstanceOf(SessionClosedError);
      expect(Date.now() - started).toBeLessThan(5000);
      expect(session.state).toBe('closed');
      expect(registry.size).toBe(0);
    });
  });

  describe('MJPEG over HTTP', () => {
    let htmlServer: Server | undefined;
    afterEach(async () => {
      htmlServer?.closeAllConnections();
      await new Promise((resolve) => (htmlServer ? htmlServer.close(resolve) : resolve(undefined)));
      htmlServer = undefined;
    });

    it.each(['basic', 'digest'] as const)(
      '%s auth: wrong password → unauthorized, right one opens',
      async (type) => {
        const camera = await startMjpegCamera({
          width: 160,
          height: 90,
          fps: 10,
          auth: { type, ...AUTH },
        });
        cameras.push(camera);
        const error = await expectOpenFailure(
          camera.urlWithCredentials!.replace(AUTH.password, 'nope'),
        );
        expect(error.kind).toBe('unauthorized');
        expect(error.message).toContain('rejected the user name or password (HTTP 401)');
        expect(error.message).not.toContain('nope');

        const noCredentials = await expectOpenFailure(camera.url);
        expect(noCredentials.message).toContain('requires a user name and password');

        const session = new CameraSession(testSessionOptions(camera.urlWithCredentials!, registry));
        await expect(session.open()).resolves.toEqual({
          video: { codec: 'mjpeg', width: 160, height: 90, fps: null },
          audio: null,
        });
        await session.close();
      },
    );

    it('wrong path → not_found', async () => {
      const camera = await startMjpegCamera({ width: 160, height: 90, fps: 10 });
      cameras.push(camera);
      const error = await expectOpenFailure(camera.url.replace('/mjpeg', '/nope'));
      expect(error.kind).toBe('not_found');
      expect(error.message).toMatch(/has no stream at this path \(404 Not Found\)/);
    });

    it('closed port → refused', async () => {
      const port = await closedPort();
      const error = await expectOpenFailure(`http://127.0.0.1:${port}/mjpeg`, {
        verifyAttempts: 1,
      });
      expect(error.kind).toBe('refused');
    });

    it('silent server → timeout', async () => {
      const camera = await startMjpegCamera({ silent: true });
      cameras.push(camera);
      const error = await expectOpenFailure(camera.url, { verifyTimeoutS: 1, verifyAttempts: 1 });
      expect(error.kind).toBe('timeout');
      expect(error.httpStatus).toBe(504);
      expect(error.message).toContain('no HTTP response within 1 s');
    });

    it('an http URL serving text/html → unsupported_content_type (422)', async () => {
      htmlServer = createServer((_req, res) => {
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
        res.end('<html><body>camera admin page</body></html>');
      });
      await new Promise<void>((resolve) => htmlServer!.listen(0, '127.0.0.1', resolve));
      const { port } = htmlServer.address() as AddressInfo;
      const error = await expectOpenFailure(`http://127.0.0.1:${port}/`);
      expect(error.kind).toBe('unsupported_content_type');
      expect(error.httpStatus).toBe(422);
      expect(error.message).toBe(
        `http://127.0.0.1:${port}/ answered with Content-Type text/html; an MJPEG camera must send multipart/x-mixed-replace`,
      );
    });
  });
});
