import {
  countConnections,
  startRtspCamera,
  type RtspCameraOptions,
  type SimCamera,
} from '@camrec/testing/camera-sim';
import { ntpToUnixMs } from '@camrec/mp4';
import { waitFor } from '@camrec/testing';
import { RtspRelay } from '@camrec/rtsp';
import type { FragmentPacket, InitPacket } from '../hub/hub-types';
import { ChildProcessRegistry } from '@camrec/process';
import {
  expectNoChildrenLeft,
  recordStates,
  takePackets,
  testSessionOptions,
  trackPids,
} from '../test-support/session-harness';
import { CameraSession } from './camera-session';

/** Small frames and a 1 s GOP keep each open at a couple of seconds. */
const CAMERA: RtspCameraOptions = { width: 320, height: 180, fps: 15, gop: 1 };

/** The NTP time of a fragment's trailing prft box, as Unix ms; null without one. */
function readPrft(data: Buffer): number | null {
  const at = data.lastIndexOf('prft');
  if (at < 4) return null;
  return ntpToUnixMs(data.readUInt32BE(at + 12), data.readUInt32BE(at + 16));
}

describe('CameraSession over RTSP (simulated cameras)', () => {
  let camera: SimCamera | undefined;
  let registry: ChildProcessRegistry;
  let tracker: ReturnType<typeof trackPids>;
  const sessions: CameraSession[] = [];

  beforeEach(() => {
    registry = new ChildProcessRegistry();
    tracker = trackPids(registry);
  });

  afterEach(async () => {
    tracker.stop();
    await Promise.all(sessions.splice(0).map((s) => s.close()));
    await camera?.stop();
    camera = undefined;
    await expectNoChildrenLeft(registry, tracker.pids);
  });

  async function openAndRead(options: RtspCameraOptions) {
    camera = await startRtspCamera({ ...CAMERA, ...options });
    const session = new CameraSession(testSessionOptions(camera.url, registry));
    sessions.push(session);
    const states = recordStates(session);
    const media = await session.open();
    const viewer = session.hub.subscribe({
      name: 'viewer',
      policy: 'keyframe',
      maxQueueBytes: 4 << 20,
    });
    const packets = await takePackets(
      viewer,
      10,
      10_000,
      (p) => p.type === 'fragment' && p.frames > 0,
    );
    return { session, states, media, viewer, packets, init: packets[0] as InitPacket };
  }

  it('opens H.264 without audio, streams fMP4 from a keyframe, and closes cleanly', async () => {
    const { session, states, media, viewer, packets, init } = await openAndRead({ audio: 'none' });
    expect(media).toEqual({
      video: { codec: 'h264', width: 320, height: 180, fps: expect.any(Number) },
      audio: null,
    });
    // At open the rate comes from the first few frames' timestamps, which a loaded simulator
    // stamps late (11 once); over 30 frames it is the camera's 15 ± 1.
    expect(media?.video?.fps).toBeGreaterThan(0);
    expect(init).toMatchObject({ type: 'init', generation: 1 });
    expect(init.mime).toMatch(/^video\/mp4; codecs="avc1\.42[0-9a-f]{4}"$/);
    const fragments = packets.filter((p): p is FragmentPacket => p.type === 'fragment');
    expect(fragments[0].keyframe).toBe(true);
    expect(fragments.every((f) => f.generation === 1)).toBe(true);
    expect(session.state).toBe('active');
    expect(registry.list().map((c) => c.name)).toEqual([`ingest ${session.id}`]);
    expect(registry.list()[0].commandLine).toContain('-c:v copy');

    await waitFor('30 frames', () => session.stats().frames_in >= 30, { timeoutMs: 10_000 });
    expect(Math.abs((session.media?.video?.fps ?? NaN) - 15)).toBeLessThanOrEqual(1);
    const stats = session.stats();
    expect(stats.frames_in).toBeGreaterThanOrEqual(10);
    expect(stats.fps).toBeGreaterThan(5);
    expect(stats.bitrate_kbps).toBeGreaterThan(0);
    expect(stats.reconnects).toBe(0);

    await session.close('closed by test');
    expect(states).toEqual(['opening', 'active', 'closing', 'closed']);
    expect(viewer.endReason).toBe('closed by test');
    await expect(takePackets(viewer, 1000, 1000)).rejects.toThrow(/stream ended.*closed by test/);
    expect(registry.size).toBe(0);
  });

  it("carries the camera's capture time of each frame (prft from its sender reports)", async () => {
    const { session, viewer } = await openAndRead({ audio: 'aac' });
    // The simulated camera reports this machine's clock every second: from its first report
    // on, every frame carries the time it was captured, a little before it reached the server.
    const timed = await takePackets(
      viewer,
      20,
      10_000,
      (p) => p.type === 'fragment' && readPrft(p.data) !== null,
    );
    const stamped = timed.filter(
      (p): p is FragmentPacket => p.type === 'fragment' && readPrft(p.data) !== null,
    );
    expect(stamped.length).toBeGreaterThanOrEqual(20);
    for (const packet of stamped) {
      const sinceCapture = packet.receivedAt - (readPrft(packet.data) ?? 0);
      expect(sinceCapture).toBeGreaterThan(0);
      expect(sinceCapture).toBeLessThan(1000);
    }
    await session.close();
  });

  it('opens a camera that offers RTP over UDP only (the relay carries it to ffmpeg over TCP)', async () => {
    const { media, session, viewer } = await openAndRead({ transports: 'udp', audio: 'none' });
    expect(media.video.codec).toBe('h264');
    expect(session.state).toBe('active');
    // The relay receives the RTP and RTCP itself, so it reads the sender reports there too.
    const timed = await takePackets(
      viewer,
      5,
      10_000,
      (p) => p.type === 'fragment' && readPrft(p.data) !== null,
    );
    expect(timed.length).toBeGreaterThanOrEqual(5);
    await session.close();
  });

  it('reads a Digest camera through one hop: one camera connection, no password in argv or logs, capture times', async () => {
    const password = 'hop-Secret-7f3a';
    camera = await startRtspCamera({
      ...CAMERA,
      audio: 'aac',
      auth: { type: 'digest', user: 'admin', password },
    });
    const front = await countConnections(camera.port);
    const relay = new RtspRelay();
    await relay.start();
    const logged: string[] = [];
    try {
      const url = `rtsp://admin:${password}@127.0.0.1:${front.port}/stream`;
      const session = new CameraSession(
        testSessionOptions(url, registry, {
          rtspRelay: relay,
          logger: (entry) => logged.push(entry.message),
        }),
      );
      sessions.push(session);
      await session.open();
      const viewer = session.hub.subscribe({
        name: 'viewer',
        policy: 'keyframe',
        maxQueueBytes: 4 << 20,
      });
      // The clock is read on that one connection: frames carry the camera's capture time.
      const timed = await takePackets(
        viewer,
        10,
        10_000,
        (p) => p.type === 'fragment' && readPrft(p.data) !== null,
      );
      expect(timed.length).toBeGreaterThanOrEqual(10);

      const [ingest] = registry.list();
      expect(ingest.commandLine).toMatch(/-i rtsp:\/\/127\.0\.0\.1:\d+\/relay-[0-9a-f]{32} /);
      expect(ingest.commandLine).not.toContain(password);
      expect(relay.has(session.id)).toBe(true);
      // ffmpeg → relay → camera: exactly one socket reached the camera for this stream.
      expect(front.total()).toBe(1);
      expect(front.open()).toBe(1);

      await session.close();
      expect(relay.has(session.id)).toBe(false);
      expect(logged.length).toBeGreaterThan(0);
      expect(logged.filter((line) => line.includes(password))).toEqual([]);
    } finally {
      await relay.stop();
      await front.close();
    }
  });

  it('copies AAC audio', async () => {
    const { media, init, session } = await openAndRead({ audio: 'aac' });
    expect(media.audio).toEqual({ codec: 'aac', source_codec: 'aac' });
    expect(init.mime).toMatch(/^video\/mp4; codecs="avc1\.[0-9a-f]{6}, mp4a\.40\.2"$/);
    expect(registry.list()[0].commandLine).toContain('-c:a copy');
    await session.close();
  });

  it('transcodes G.711 A-law audio to AAC', async () => {
    const { media, init, session } = await openAndRead({ audio: 'pcma' });
    expect(media.audio).toEqual({ codec: 'aac', source_codec: 'pcm_alaw' });
    expect(init.mime).toContain('mp4a.40.2');
    expect(registry.list()[0].commandLine).toContain('-c:a aac -b:a 64k');
    await session.close();
  });

  it('opens H.265 and tags it hvc1', async () => {
    const { media, init, session } = await openAndRead({ codec: 'h265', audio: 'none' });
    expect(media.video.codec).toBe('hevc');
    expect(init.mime).toMatch(/^video\/mp4; codecs="hvc1\.1\.6\.L\d+\.[0-9A-F]+"$/);
    expect(init.data.includes('hev1')).toBe(false);
    await session.close();
  });
});
