import { startMjpegCamera, type SimCamera } from '@camrec/testing/camera-sim';
import type { JpegPacket } from '../hub/hub-types';
import { readJpegDimensions } from '../mjpeg/jpeg-dimensions';
import { ChildProcessRegistry } from '@camrec/process';
import {
  expectNoChildrenLeft,
  recordStates,
  takePackets,
  testSessionOptions,
} from '../test-support/session-harness';
import { CameraSession } from './camera-session';

describe('CameraSession over MJPEG (simulated camera)', () => {
  let camera: SimCamera | undefined;
  let session: CameraSession | undefined;
  const registry = new ChildProcessRegistry();

  afterEach(async () => {
    await session?.close();
    await camera?.stop();
    session = camera = undefined;
    await expectNoChildrenLeft(registry, []);
  });

  it('opens, passes JPEGs through untouched with arrival times, and closes', async () => {
    camera = await startMjpegCamera({ width: 320, height: 180, fps: 10 });
    session = new CameraSession(testSessionOptions(camera.url, registry));
    const states = recordStates(session);
    const before = Date.now();
    await expect(session.open()).resolves.toEqual({
      video: { codec: 'mjpeg', width: 320, height: 180, fps: null },
      audio: null,
    });
    expect(session.sourceType).toBe('mjpeg');
    // A new viewer starts with the latest frame, then gets each new one.
    const viewer = session.hub.subscribe({
      name: 'viewer',
      policy: 'latest',
      maxQueueBytes: 1 << 20,
    });
    const frames = (await takePackets(viewer, 5, 5000)) as JpegPacket[];
    expect(frames.every((f) => f.type === 'jpeg')).toBe(true);
    expect(readJpegDimensions(frames[0].data)).toEqual({ width: 320, height: 180 });
    expect(frames[0].capturedAt).toBeGreaterThanOrEqual(before);
    for (let i = 1; i < frames.length; i++)
      expect(frames[i].seq).toBeGreaterThan(frames[i - 1].seq);
    // MJPEG is read by Node itself: one HTTP connection, no child process.
    expect(registry.size).toBe(0);
    expect(session.stats().frames_in).toBeGreaterThanOrEqual(9);

    await session.close('closed by test');
    expect(states).toEqual(['opening', 'active', 'closing', 'closed']);
    expect(viewer.endReason).toBe('closed by test');
  });
});
