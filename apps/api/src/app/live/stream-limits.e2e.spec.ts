import { startMjpegCamera, SimCamera } from '@camrec/testing/camera-sim';
import { STREAM_CLOSE } from '@camrec/shared-types';
import { openSession } from '../../test-support/http';
import { closeOf, tryWebSocket } from '../../test-support/raw-http';
import { startTestApp, TestApp } from '../../test-support/test-app';
import { STREAM_MAX_PAYLOAD_BYTES } from './stream.gateway';

describe('/stream limits (booted app, simulated MJPEG camera)', () => {
  let app: TestApp;
  let camera: SimCamera;
  let sessionId: string;

  beforeAll(async () => {
    camera = await startMjpegCamera();
    app = await startTestApp({ max_viewers_per_session: 1 });
    sessionId = await openSession(app, camera.url);
  });
  afterAll(async () => {
    await app.close();
    await camera.stop();
  });

  async function viewer() {
    const result = await tryWebSocket(`${app.wsUrl}/stream?session_id=${sessionId}&format=json`);
    if (!('socket' in result)) throw new Error(`refused: ${JSON.stringify(result)}`);
    return result.socket;
  }

  it('closes a viewer that sends more than a few KB (1009), without buffering it', async () => {
    const socket = await viewer();
    const closed = closeOf(socket);
    socket.send(Buffer.alloc(STREAM_MAX_PAYLOAD_BYTES + 1, 0x61));
    expect((await closed).code).toBe(1009);
    expect(STREAM_MAX_PAYLOAD_BYTES).toBeLessThanOrEqual(16 * 1024);
  });

  it('refuses a viewer beyond max_viewers_per_session with 4429 and the reason', async () => {
    const first = await viewer();
    // The first viewer is counted once its status arrives.
    await new Promise((resolve) => first.once('message', resolve));
    const second = await viewer();
    expect(await closeOf(second)).toEqual({
      code: STREAM_CLOSE.TOO_MANY_VIEWERS,
      reason: 'session has 1 viewers; max_viewers_per_session is 1',
    });
    const firstClosed = closeOf(first);
    first.close();
    await firstClosed;
    // A place is free again once the first viewer left.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const third = await viewer();
    const message = await new Promise<string>((resolve) =>
      third.once('message', (data) => resolve(data.toString())),
    );
    expect(['status', 'frame']).toContain(JSON.parse(message).type);
    expect(third.readyState).toBe(third.OPEN);
    third.close();
  });
});
