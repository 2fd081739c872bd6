import { generateFmp4, generateMjpeg, probeVideoKeyframes } from '../test-support/media-fixtures';
import { drainQueued, fmp4ToHubPackets } from '../test-support/hub-packets';
import { JpegSplitter } from '../mjpeg/jpeg-splitter';
import { HubOverflowError } from './hub-overflow-error';
import type { FragmentPacket, HubPacket, InitPacket, JpegPacket } from './hub-types';
import { StreamHub } from './stream-hub';

const MiB = 1024 * 1024;
const fragmentsOf = (packets: HubPacket[]) =>
  packets.filter((p): p is FragmentPacket => p.type === 'fragment');

describe('StreamHub with real fMP4', () => {
  let init: InitPacket;
  let fragments: FragmentPacket[];
  let stream: Buffer;

  beforeAll(async () => {
    // 60 frames, keyframe every 10, with AAC: audio-only fragments sit between video ones.
    stream = await generateFmp4({ audio: true, frames: 60, gop: 10 });
    [init, ...fragments] = fmp4ToHubPackets(stream);
  });

  it('lets a late joiner start at the latest keyframe, and what it gets decodes', async () => {
    const hub = new StreamHub();
    hub.publish(init);
    const keyIndexes = fragments.flatMap((f, i) => (f.keyframe ? [i] : []));
    const joinAt = keyIndexes[3] + 4;
    fragments.slice(0, joinAt).forEach((f) => hub.publish(f));

    const viewer = hub.subscribe({ name: 'viewer', policy: 'keyframe', maxQueueBytes: MiB });
    fragments.slice(joinAt).forEach((f) => hub.publish(f));
    const received = await drainQueued(viewer);

    expect(received[0]).toBe(init);
    const got = fragmentsOf(received);
    expect(got[0]).toBe(fragments[keyIndexes[3]]);
    expect(got).toEqual(fragments.slice(keyIndexes[3]));
    expect(viewer.stats()).toEqual({
      delivered: received.length,
      skipped: 0,
      queuedBytes: 0,
      oldestQueuedAt: null,
    });

    const keyframes = await probeVideoKeyframes(Buffer.concat(received.map((p) => p.data)));
    expect(keyframes[0]).toBe(true);
    expect(keyframes).toHaveLength(60 - 30);
  });

  it('does not let a slow consumer slow the ingest or a fast consumer', async () => {
    const hub = new StreamHub();
    hub.publish(init);
    const fast = hub.subscribe({ name: 'fast', policy: 'keyframe', maxQueueBytes: 256 * 1024 });
    const slow = hub.subscribe({ name: 'slow', policy: 'keyframe', maxQueueBytes: 20 * 1024 });
    const fastReceived: HubPacket[] = [];
    const slowReceived: HubPacket[] = [];

    let publishMs = 0;
    for (let round = 0; round < 5; round++) {
      for (const fragment of fragments) {
        const started = performance.now();
        hub.publish({ ...fragment, seq: round * 1000 + fragment.seq });
        publishMs += performance.now() - started;
        fastReceived.push(...(await drainQueued(fast)));
        expect(slow.stats().queuedBytes).toBeLessThanOrEqual(20 * 1024 + fragment.data.length);
      }
      // The slow consumer reads only a few packets per round.
      slowReceived.push(...(await drainQueued(slow, 3)));
    }
    expect(fast.stats().skipped).toBe(0);
    expect(fragmentsOf(fastReceived)).toHaveLength(5 * fragments.length);
    expect(slow.stats().skipped).toBeGreaterThan(0);
    // Publishing 5 × 90-odd packets to two subscribers takes a few ms: no copying, no waiting
    // (the bound is loose so that a busy machine cannot make the test flaky).
    expect(publishMs).toBeLessThan(250);

    // The slow consumer never sees a non-keyframe right after a gap.
    const slowFragments = fragmentsOf(slowReceived);
    for (let i = 1; i < slowFragments.length; i++) {
      const gap = slowFragments[i].seq !== slowFragments[i - 1].seq + 1;
      const isVideo = slowFragments[i].frames > 0;
      if (gap && isVideo) expect(slowFragments[i].keyframe).toBe(true);
    }
    expect(slowFragments[0].keyframe).toBe(true);
  });

  it('fails a lossless subscription that overflows, with a clear message', async () => {
    const hub = new StreamHub();
    hub.publish(init);
    const recorder = hub.subscribe({ name: 'recorder', policy: 'lossless', maxQueueBytes: 10_000 });
    fragments.forEach((f) => hub.publish(f));
    const iterate = async () => {
      for await (const packet of recorder) expect(packet).toBeDefined();
    };
    await expect(iterate()).rejects.toThrow(new HubOverflowError('recorder', 10_000));
    await expect(iterate()).rejects.toThrow(
      'recorder could not keep up: queue exceeded 10000 bytes',
    );
    expect(hub.subscriberCount).toBe(0);
  });

  it('delivers a lossless subscription everything when it keeps up', async () => {
    const hub = new StreamHub();
    hub.publish(init);
    const recorder = hub.subscribe({ name: 'recorder', policy: 'lossless', maxQueueBytes: MiB });
    const done = (async () => {
      const got: HubPacket[] = [];
      for await (const packet of recorder) got.push(packet);
      return got;
    })();
    for (const fragment of fragments) {
      hub.publish(fragment);
      await new Promise((resolve) => setImmediate(resolve));
    }
    hub.end('recording stopped');
    const got = await done;
    expect(got).toEqual([init, ...fragments]);
    expect(recorder.endReason).toBe('recording stopped');
  });

  it('says when the oldest packet a subscriber has not taken yet arrived (how far behind it is)', async () => {
    const hub = new StreamHub();
    const recorder = hub.subscribe({ name: 'recorder', policy: 'lossless', maxQueueBytes: MiB });
    hub.publish(init);
    expect(recorder.stats().oldestQueuedAt).toBeNull();
    const keyAt = fragments.findIndex((f) => f.keyframe);
    const arrivals = [1000, 1040, 1080];
    arrivals.forEach((receivedAt, i) => hub.publish({ ...fragments[keyAt + i], receivedAt }));
    // The init leads the queue but has no arrival time: the first fragment's counts.
    expect(recorder.stats().oldestQueuedAt).toBe(1000);
    await drainQueued(recorder, 2);
    expect(recorder.stats().oldestQueuedAt).toBe(1040);
    await drainQueued(recorder);
    expect(recorder.stats().oldestQueuedAt).toBeNull();
  });

  it('delivers a new init to every subscriber in order, then resumes at a keyframe', async () => {
    const hub = new StreamHub();
    hub.publish(init);
    const a = hub.subscribe({ name: 'a', policy: 'keyframe', maxQueueBytes: MiB });
    const b = hub.subscribe({ name: 'b', policy: 'lossless', maxQueueBytes: MiB });
    fragments.slice(0, 5).forEach((f) => hub.publish(f));
    const [init2, ...fragments2] = fmp4ToHubPackets(stream, 2, 100);
    hub.publish(init2);
    // A camera that reconnects mid-GOP: non-keyframes before the first keyframe are skipped.
    fragments2.slice(3).forEach((f) => hub.publish(f));
    for (const sub of [a, b]) {
      const got = await drainQueued(sub);
      expect(got.slice(0, 6)).toEqual([init, ...fragments.slice(0, 5)]);
      expect(got[6]).toBe(init2);
      const after = fragmentsOf(got.slice(7));
      expect(after[0].keyframe).toBe(true);
      expect(after.every((f) => f.generation === 2)).toBe(true);
    }
    expect(hub.currentInit).toBe(init2);
  });

  it('keeps the latest init when a keyframe subscriber overflows across a new generation', async () => {
    const hub = new StreamHub();
    hub.publish(init);
    const viewer = hub.subscribe({ name: 'viewer', policy: 'keyframe', maxQueueBytes: 30_000 });
    fragments.forEach((f) => hub.publish(f));
    const [init2, ...fragments2] = fmp4ToHubPackets(stream, 2, 100);
    hub.publish(init2);
    fragments2.slice(0, 4).forEach((f) => hub.publish(f));
    const got = await drainQueued(viewer);
    const inits = got.filter((p) => p.type === 'init');
    expect(inits.at(-1)).toBe(init2);
    const afterInit2 = fragmentsOf(got.slice(got.indexOf(init2) + 1));
    expect(afterInit2[0].keyframe).toBe(true);
    expect(viewer.stats().skipped).toBeGreaterThan(0);
  });

  it('bounds the GOP cache: a joiner then waits for the next keyframe', async () => {
    const hub = new StreamHub({ maxGopBytes: 8 * 1024 });
    hub.publish(init);
    const firstKey = fragments.findIndex((f) => f.keyframe);
    const nextKey = fragments.findIndex((f, i) => i > firstKey && f.keyframe);
    let maxCached = 0;
    for (const fragment of fragments.slice(0, nextKey - 1)) {
      hub.publish(fragment);
      maxCached = Math.max(maxCached, hub.cachedBytes() - init.data.length);
    }
    expect(maxCached).toBeLessThanOrEqual(8 * 1024);
    const viewer = hub.subscribe({ name: 'late', policy: 'keyframe', maxQueueBytes: MiB });
    hub.publish(fragments[nextKey - 1]);
    hub.publish(fragments[nextKey]);
    const got = await drainQueued(viewer);
    expect(got[0]).toBe(init);
    expect(fragmentsOf(got)[0]).toBe(fragments[nextKey]);
  });

  it('joins with only the init when the cached GOP exceeds the subscriber bound', async () => {
    const hub = new StreamHub();
    hub.publish(init);
    fragments.slice(0, 9).forEach((f) => hub.publish(f));
    const small = hub.subscribe({
      name: 'small',
      policy: 'lossless',
      maxQueueBytes: init.data.length + 100,
    });
    expect(await drainQueued(small)).toEqual([init]);
  });

  it('ends every iterator with the reason; late subscribers end at once', async () => {
    const hub = new StreamHub();
    hub.publish(init);
    const viewer = hub.subscribe({ name: 'viewer', policy: 'keyframe', maxQueueBytes: MiB });
    const iterator = viewer[Symbol.asyncIterator]();
    await iterator.next();
    const pending = iterator.next();
    hub.end('session closed');
    await expect(pending).resolves.toEqual({ value: undefined, done: true });
    expect(viewer.endReason).toBe('session closed');
    const late = hub.subscribe({ name: 'late', policy: 'keyframe', maxQueueBytes: MiB });
    await expect(late[Symbol.asyncIterator]().next()).resolves.toMatchObject({ done: true });
    expect(late.endReason).toBe('session closed');
    hub.publish(fragments[0]);
    expect(hub.cachedBytes()).toBe(init.data.length);
  });

  it('removes a subscription on close() and on break', async () => {
    const hub = new StreamHub();
    hub.publish(init);
    const closing = hub.subscribe({ name: 'closing', policy: 'keyframe', maxQueueBytes: MiB });
    const iterator = closing[Symbol.asyncIterator]();
    await iterator.next();
    const pending = iterator.next();
    closing.close();
    await expect(pending).resolves.toMatchObject({ done: true });
    const breaking = hub.subscribe({ name: 'breaking', policy: 'keyframe', maxQueueBytes: MiB });
    expect(hub.subscriptions().map((s) => s.name)).toEqual(['breaking']);
    for await (const packet of breaking) {
      expect(packet).toBe(init);
      break;
    }
    expect(hub.subscriberCount).toBe(0);
  });

  it('delivers what was queued before end(), and nothing published after it', async () => {
    const hub = new StreamHub();
    hub.publish(init);
    const recorder = hub.subscribe({ name: 'recorder', policy: 'lossless', maxQueueBytes: MiB });
    fragments.slice(0, 5).forEach((f) => hub.publish(f));
    recorder.end();
    fragments.slice(5, 10).forEach((f) => hub.publish(f));
    expect(hub.subscriberCount).toBe(0);
    const received: HubPacket[] = [];
    for await (const packet of recorder) received.push(packet);
    expect(received).toEqual([init, ...fragments.slice(0, 5)]);
  });
});

describe('StreamHub with JPEG frames', () => {
  let jpegs: JpegPacket[];

  beforeAll(async () => {
    const frames = new JpegSplitter().push(await generateMjpeg(10));
    jpegs = frames.map((data, seq) => ({ type: 'jpeg', data, capturedAt: Date.now(), seq }));
  });

  it('gives a new subscriber the latest frame first', async () => {
    const hub = new StreamHub();
    jpegs.slice(0, 4).forEach((j) => hub.publish(j));
    const viewer = hub.subscribe({ name: 'viewer', policy: 'latest', maxQueueBytes: MiB });
    expect(await drainQueued(viewer)).toEqual([jpegs[3]]);
  });

  it('keeps only the newest frame for a latest subscriber that falls behind', async () => {
    const hub = new StreamHub();
    const viewer = hub.subscribe({ name: 'viewer', policy: 'latest', maxQueueBytes: MiB });
    jpegs.forEach((j) => hub.publish(j));
    expect(viewer.stats()).toEqual({
      delivered: 0,
      skipped: 9,
      queuedBytes: jpegs[9].data.length,
      oldestQueuedAt: jpegs[9].capturedAt,
    });
    expect(await drainQueued(viewer)).toEqual([jpegs[9]]);
    // A consumer that waits receives each frame as it comes.
    const iterator = viewer[Symbol.asyncIterator]();
    const next = iterator.next();
    hub.publish(jpegs[0]);
    await expect(next).resolves.toEqual({ value: jpegs[0], done: false });
  });
});
