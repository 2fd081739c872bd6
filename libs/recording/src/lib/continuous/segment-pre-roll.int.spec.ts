import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChildProcessRegistry } from '@camrec/process';
import {
  type FragmentPacket,
  type HubPacket,
  type HubSubscription,
  StreamHub,
} from '@camrec/media';
import { makeFragmentedMp4, toPackets } from '../test-support/mp4-fixtures';
import { SegmentRecorder } from './segment-recorder';
import { feedHub, MemorySink, testRecorderOptions } from './test-support/segment-test-support';

/** 10 s at 10 fps with a keyframe every second, and AAC: 2 s segments with moved decode times. */
const stream = toPackets(makeFragmentedMp4({ seconds: 10, fps: 10, gop: 10, audio: true }));

const CLIP = { name: 'clip', policy: 'lossless', maxQueueBytes: 64 * 1024 * 1024 } as const;

/** What a clip subscribed now gets, as far as it has come within `ms`. */
async function drain(subscription: HubSubscription, ms = 500): Promise<HubPacket[]> {
  const out: HubPacket[] = [];
  const iterator = subscription[Symbol.asyncIterator]();
  const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), ms));
  for (;;) {
    const next = await Promise.race([iterator.next(), timeout]);
    if (!next || next.done) break;
    out.push(next.value);
  }
  subscription.close();
  return out;
}

describe('SegmentPreRoll: a clip of a continuously recorded stream starts in its segments', () => {
  let dir: string;
  let hub: StreamHub;
  let published: FragmentPacket[];
  const registry = new ChildProcessRegistry();

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'camrec-segment-pre-roll-'));
    hub = new StreamHub();
    published = [];
    const witness = hub.subscribe({ name: 'witness', policy: 'lossless', maxQueueBytes: 1e9 });
    void (async () => {
      for await (const packet of witness) if (packet.type === 'fragment') published.push(packet);
    })();
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  afterAll(() => expect(registry.size).toBe(0));

  /** The stream recorded as if it had run for the last 10 s, until every fragment is written. */
  async function record(): Promise<SegmentRecorder> {
    const recorder = await SegmentRecorder.start(
      testRecorderOptions(
        {
          cameraId: 'cam-1',
          hub,
          videosDir: dir,
          sourceType: 'rtsp',
          sink: new MemorySink(dir),
          registry,
        },
        { preRollS: 30, segmentS: 2 },
      ),
    );
    await feedHub(hub, stream, { clockStartMs: Date.now() - 10_000 });
    let written = -1;
    while (recorder.stats().bytesWritten !== written || recorder.stats().behindS > 0) {
      written = recorder.stats().bytesWritten;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return recorder;
  }

  it('replays the fragments the hub gave, byte for byte, from the keyframe before, then live', async () => {
    const recorder = await record();
    const past = recorder.preRoll;
    if (!past) throw new Error('no pre-roll');
    const recorded = [...published];
    const last = recorded[recorded.length - 1];
    // 3.5 s before the last fragment: the keyframe 4 s before it (1 s GOPs).
    const source = past.sourceBefore(last.receivedAt, 3.5);
    expect(source.delivery).toMatchObject({ askedS: 3.5, keyframeIntervalS: 1 });
    expect(source.delivery.deliveredS).toBeGreaterThanOrEqual(3.5);
    expect(source.delivery.deliveredS).toBeLessThanOrEqual(4.5);
    const subscription = source.subscribe(CLIP);
    const next = { ...recorded[0], seq: last.seq + 1, receivedAt: Date.now() };
    hub.publish(next);
    const got = await drain(subscription);

    expect(got[0]).toMatchObject({ type: 'init', data: stream[0].data });
    const fragments = got.slice(1) as FragmentPacket[];
    const from = recorded.findIndex((p) => p.seq === fragments[0].seq);
    expect(fragments[0].keyframe).toBe(true);
    // delivered_s is in tenths of a second.
    const startedBefore = last.receivedAt - fragments[0].receivedAt;
    expect(Math.abs(startedBefore - source.delivery.deliveredS * 1000)).toBeLessThanOrEqual(50);
    // Across segment files (2 s each), with the decode times the hub gave, then the live one.
    expect(fragments.map((p) => p.seq)).toEqual([...recorded.slice(from), next].map((p) => p.seq));
    fragments.slice(0, -1).forEach((packet, i) => {
      expect(Buffer.compare(packet.data, recorded[from + i].data)).toBe(0);
      expect(packet).toMatchObject({ ...recorded[from + i], data: expect.anything() });
    });
    await recorder.stop();
  });

  it('gives no past, and the live stream as it is, when the segments cannot be read', async () => {
    const recorder = await record();
    const source = recorder.preRoll?.sourceBefore(Date.now(), 3);
    if (!source) throw new Error('no pre-roll');
    rmSync(join(dir, 'continuous'), { recursive: true, force: true });
    const got = await drain(source.subscribe(CLIP));
    expect(source.delivery.deliveredS).toBe(0);
    // The hub's join: its init and the fragments since its latest keyframe.
    const lastKeyframe = published.map((p) => p.keyframe).lastIndexOf(true);
    expect(got.map((p) => (p.type === 'fragment' ? p.seq : p.type))).toEqual([
      'init',
      ...published.slice(lastKeyframe).map((p) => p.seq),
    ]);
    await recorder.stop().catch(() => undefined);
  });

  it('keeps nothing once the recorder ended, and nothing for an MJPEG camera', async () => {
    const recorder = await record();
    await recorder.stop();
    expect(recorder.preRoll?.sourceBefore(Date.now(), 3).delivery.deliveredS).toBe(0);
    const mjpeg = await SegmentRecorder.start(
      testRecorderOptions(
        {
          cameraId: 'cam-2',
          hub,
          videosDir: dir,
          sourceType: 'mjpeg',
          sink: new MemorySink(dir),
          registry,
        },
        { preRollS: 30 },
      ),
    );
    expect(mjpeg.preRoll).toBeNull();
    await mjpeg.stop();
  });
});
