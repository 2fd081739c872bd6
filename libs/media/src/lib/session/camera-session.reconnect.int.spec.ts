import { startMjpegCamera, startRtspCamera, type SimCamera } from '@camrec/testing/camera-sim';
import {
  childBoxes,
  parseFragmentInfo,
  parseInitSegmentInfo,
  type InitSegmentInfo,
} from '@camrec/mp4';
import type { FragmentPacket, HubPacket, InitPacket } from '../hub/hub-types';
import { ChildProcessRegistry } from '@camrec/process';
import {
  expectNoChildrenLeft,
  recordStates,
  takePackets,
  testSessionOptions,
  trackPids,
  waitForState,
} from '../test-support/session-harness';
import { CameraSession } from './camera-session';

const RECONNECT = { reconnectInitialDelayMs: 300, stallTimeoutS: 2 };

function moovInfo(init: InitPacket): InitSegmentInfo {
  const moov = [...childBoxes(init.data, 0, init.data.length)].find((b) => b.type === 'moov')!;
  return parseInitSegmentInfo(init.data.subarray(moov.start, moov.end));
}

/** Video decode times of the fragments, in order, read back from their tfdt boxes. */
function videoDecodeTimes(packets: HubPacket[]): bigint[] {
  let info: InitSegmentInfo | null = null;
  const times: bigint[] = [];
  for (const packet of packets) {
    if (packet.type === 'init') info = moovInfo(packet);
    if (packet.type !== 'fragment' || !info) continue;
    const video = parseFragmentInfo(packet.data, info).tracks.find(
      (t) => t.trackId === info!.videoTrackId,
    );
    if (video?.baseDecodeTime != null) times.push(video.baseDecodeTime);
  }
  return times;
}

describe('CameraSession reconnects', () => {
  let camera: SimCamera | undefined;
  let session: CameraSession | undefined;
  let registry: ChildProcessRegistry;
  let tracker: ReturnType<typeof trackPids>;

  beforeEach(() => {
    registry = new ChildProcessRegistry();
    tracker = trackPids(registry);
  });

  afterEach(async () => {
    tracker.stop();
    await session?.close();
    await camera?.stop();
    session = camera = undefined;
    await expectNoChildrenLeft(registry, tracker.pids);
  });

  it('RTSP: camera stopped and restarted on the same port → reconnecting → active, subscriber kept', async () => {
    const options = { width: 320, height: 180, fps: 15, gop: 1 };
    camera = await startRtspCamera(options);
    const port = camera.port;
    session = new CameraSession(testSessionOptions(camera.url, registry, RECONNECT));
    const states = recordStates(session);
    await session.open();
    const recorder = session.hub.subscribe({
      name: 'recorder',
      policy: 'lossless',
      maxQueueBytes: 32 << 20,
    });
    const before = await takePackets(
      recorder,
      5,
      10_000,
      (p) => p.type === 'fragment' && p.frames > 0,
    );

    await camera.stop();
    await waitForState(session, 'reconnecting', 10_000);
    const lostAt = Date.now();
    expect(session.lastError).toMatch(/^camera lost: /);
    camera = await startRtspCamera({ ...options, port });
    await waitForState(session, 'active', 20_000);

    // The recorder first drains what it had queued before the camera went away.
    const isNewVideo = (p: HubPacket): p is FragmentPacket =>
      p.type === 'fragment' && p.frames > 0 && p.receivedAt > lostAt;
    const after = await takePackets(recorder, 10, 10_000, isNewVideo);
    expect(states).toEqual(['opening', 'active', 'reconnecting', 'active']);
    expect(session.stats().reconnects).toBe(1);
    // The same camera settings give the same init segment: consumers just continue.
    const packets = [...before, ...after];
    expect(packets.filter((p) => p.type === 'init')).toHaveLength(1);
    expect(after.find(isNewVideo)!.keyframe).toBe(true);
    // The recorder's timeline keeps going forward across the reconnect.
    const times = videoDecodeTimes(packets);
    for (let i = 1; i < times.length; i++) expect(times[i]).toBeGreaterThan(times[i - 1]);

    await session.close('done');
    expect(recorder.endReason).toBe('done');
  });

  it('RTSP: a camera that comes back with another resolution gets a new init generation', async () => {
    camera = await startRtspCamera({ width: 320, height: 180, fps: 15, gop: 1 });
    const port = camera.port;
    session = new CameraSession(testSessionOptions(camera.url, registry, RECONNECT));
    await session.open();
    const viewer = session.hub.subscribe({
      name: 'viewer',
      policy: 'keyframe',
      maxQueueBytes: 8 << 20,
    });
    await takePackets(viewer, 3, 10_000, (p) => p.type === 'fragment');

    await camera.stop();
    camera = await startRtspCamera({ width: 160, height: 90, fps: 15, gop: 1, port });
    await waitForState(session, 'active', 20_000);
    const packets = await takePackets(
      viewer,
      1,
      10_000,
      (p) => p.type === 'init' && p.generation === 2,
    );
    const init2 = packets.at(-1) as InitPacket;
    expect(moovInfo(init2).tracks[0]).toMatchObject({ width: 160, height: 90 });
    expect(session.media?.video).toMatchObject({ width: 160, height: 90 });
    const next = await takePackets(viewer, 1, 10_000, (p) => p.type === 'fragment' && p.frames > 0);
    expect(next.find((p) => p.type === 'fragment' && p.frames > 0)).toMatchObject({
      generation: 2,
      keyframe: true,
    });
  });

  it('MJPEG: camera stopped and restarted on the same port → frames flow again to the same viewer', async () => {
    camera = await startMjpegCamera({ width: 160, height: 90, fps: 10 });
    const port = camera.port;
    session = new CameraSession(testSessionOptions(camera.url, registry, RECONNECT));
    const states = recordStates(session);
    await session.open();
    const viewer = session.hub.subscribe({
      name: 'viewer',
      policy: 'latest',
      maxQueueBytes: 1 << 20,
    });
    await takePackets(viewer, 3, 5000);

    await camera.stop();
    await waitForState(session, 'reconnecting', 5000);
    camera = await startMjpegCamera({ width: 160, height: 90, fps: 10, port });
    await waitForState(session, 'active', 15_000);
    const after = await takePackets(viewer, 5, 5000);
    expect(after.every((p) => p.type === 'jpeg')).toBe(true);
    expect(states).toEqual(['opening', 'active', 'reconnecting', 'active']);
    expect(session.stats().reconnects).toBe(1);
  });
});
