import type { FragmentPacket, HubPacket, InitPacket } from './hub-types';
import { PreRollRing } from './pre-roll-ring';
import { StreamHub } from './stream-hub';

const init = (generation = 1): InitPacket => ({
  type: 'init',
  data: Buffer.from('init'),
  mime: 'video/mp4',
  generation,
});

/** One fragment per 100 ms of wall clock; a keyframe every `gop` fragments. */
function fragment(seq: number, at: number, gop = 10, bytes = 1000): FragmentPacket {
  return {
    type: 'fragment',
    data: Buffer.alloc(bytes, seq % 256),
    keyframe: seq % gop === 0,
    frames: 1,
    receivedAt: at,
    seq,
    generation: 1,
  };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

async function take(iterator: AsyncIterator<HubPacket>, count: number): Promise<HubPacket[]> {
  const out: HubPacket[] = [];
  while (out.length < count) out.push((await iterator.next()).value);
  return out;
}

describe('PreRollRing', () => {
  // Fragment times in the recent past: the ring also drops what is older than maxAgeMs.
  const T0 = Date.now() - 10_000;

  async function feed(hub: StreamHub, from: number, to: number, gop = 10): Promise<void> {
    for (let seq = from; seq < to; seq += 1) {
      hub.publish(fragment(seq, T0 + seq * 100, gop));
      await tick();
    }
  }

  it('replays from the keyframe at or before the pre-roll, then continues live without repeats', async () => {
    const hub = new StreamHub();
    const ring = new PreRollRing(hub, { name: 'ring', maxBytes: 1e6, maxAgeMs: 60_000 });
    hub.publish(init());
    await feed(hub, 0, 45);
    // Motion at fragment 42 (T0 + 4.2 s); 1.5 s of pre-roll asks for T0 + 2.7 s: keyframe 20.
    const source = ring.sourceBefore(T0 + 4200, 1.5);
    const subscription = source.subscribe({ name: 'clip', policy: 'lossless', maxQueueBytes: 1e7 });
    const iterator = subscription[Symbol.asyncIterator]();
    const replayed = await take(iterator, 1 + 25);
    expect(replayed[0].type).toBe('init');
    expect(replayed.slice(1).map((p) => (p as FragmentPacket).seq)).toEqual(
      Array.from({ length: 25 }, (_, i) => 20 + i),
    );
    expect(source.delivery).toEqual({ askedS: 1.5, deliveredS: 2.2, keyframeIntervalS: 1 });
    hub.publish(fragment(45, T0 + 4500));
    expect(((await iterator.next()).value as FragmentPacket).seq).toBe(45);
    subscription.close();
    await ring.stop();
  });

  it('stays within its byte bound by dropping whole GOPs from the oldest end', async () => {
    const hub = new StreamHub();
    const ring = new PreRollRing(hub, { name: 'ring', maxBytes: 25_000, maxAgeMs: 60_000 });
    hub.publish(init());
    await feed(hub, 0, 60);
    expect(ring.size).toBeLessThanOrEqual(25_000);
    // Whole GOPs: the two newest (fragments 40–59) fit, and the past starts at keyframe 40.
    expect(ring.size).toBe(20_000);
    const source = ring.sourceBefore(T0 + 6000, 30);
    expect(source.delivery.deliveredS).toBe(2);
    await ring.stop();
  });

  it('holds no more than its age bound plus the one GOP that covers the start of it', async () => {
    const hub = new StreamHub();
    const ring = new PreRollRing(hub, { name: 'ring', maxBytes: 1e6, maxAgeMs: 3000 });
    hub.publish(init());
    // 10 s of 1 s GOPs, the newest fragment 0.1 s ago: the window starts 3 s ago, at keyframe 70.
    await feed(hub, 0, 100);
    expect(ring.spanS()).toBeGreaterThanOrEqual(3);
    expect(ring.spanS()).toBeLessThanOrEqual(3 + 1);
    expect(ring.size).toBe(30 * 1000);
    await ring.stop();
  });

  it('gives no past when it has none, and the live stream as is', async () => {
    const hub = new StreamHub();
    const ring = new PreRollRing(hub, { name: 'ring', maxBytes: 1e6, maxAgeMs: 60_000 });
    const source = ring.sourceBefore(T0, 5);
    expect(source.delivery.deliveredS).toBe(0);
    const subscription = source.subscribe({ name: 'clip', policy: 'lossless', maxQueueBytes: 1e7 });
    const iterator = subscription[Symbol.asyncIterator]();
    hub.publish(init());
    hub.publish(fragment(0, T0));
    expect((await take(iterator, 2)).map((p) => p.type)).toEqual(['init', 'fragment']);
    await ring.stop();
  });
});
