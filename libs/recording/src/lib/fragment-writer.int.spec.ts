import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bufferView, StreamHub, type FragmentPacket, type HubPacket } from '@camrec/media';
import { FragmentTimeline, parseFragmentInfo, readInitSegment } from '@camrec/mp4';
import { FragmentWriter, type Mp4Packet } from './fragment-writer';
import { makeFragmentedMp4, toPackets } from './test-support/mp4-fixtures';
import { PushSource } from './test-support/packet-source';
import { ffprobe, videoPacketTimes } from '@camrec/testing';

describe('FragmentWriter', () => {
  let dir: string;
  const packets = toPackets(makeFragmentedMp4({ seconds: 3, fps: 10, gop: 10, audio: true }));
  const init = packets[0];
  const fragments = packets.slice(1);

  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'camrec-writer-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('appends init and fragments unchanged and stops on request', async () => {
    const source = new PushSource();
    const partPath = join(dir, 'a.mp4.part');
    const writer = await FragmentWriter.start(source, { partPath, maxDurationS: null });
    source.push(init, ...fragments);
    await waitFor(() => writer.bytesWritten === packets.reduce((n, p) => n + p.data.length, 0));
    const result = await writer.stop();
    expect(result).toMatchObject({ end: 'stopped', bytes: writer.bytesWritten });
    expect(result.durationS).toBeCloseTo(3, 1);
    expect(source.closed).toBe(true);
    expect(readFileSync(partPath).equals(Buffer.concat(packets.map((p) => p.data)))).toBe(true);
    const probe = ffprobe(partPath);
    expect(probe.streams.map((s) => s.codec_name).sort()).toEqual(['aac', 'h264']);
  });

  it('is a readable fragmented MP4 after every fragment', async () => {
    const source = new PushSource();
    const partPath = join(dir, 'b.mp4.part');
    const writer = await FragmentWriter.start(source, { partPath, maxDurationS: null });
    let expected = 0;
    for (const packet of [init, ...fragments.slice(0, 12)]) {
      source.push(packet);
      expected += packet.data.length;
      await waitFor(() => writer.bytesWritten === expected);
      expect(readFileSync(partPath).length).toBe(expected);
      if (packet !== init) expect(Number(ffprobe(partPath).format.duration)).toBeGreaterThan(0);
    }
    await writer.stop();
  });

  it('ends by itself at the requested duration: at least that much, at most two frames more', async () => {
    const source = new PushSource();
    const writer = await FragmentWriter.start(source, {
      partPath: join(dir, 'c.mp4.part'),
      maxDurationS: 1.5,
    });
    source.push(init, ...fragments);
    const result = await writer.finished;
    expect(result.end).toBe('limit');
    expect(result.durationS).toBeGreaterThanOrEqual(1.5);
    expect(result.durationS).toBeLessThanOrEqual(1.5 + 0.2 + 0.01);
  });

  it('reports the end of the stream with its reason', async () => {
    const source = new PushSource();
    const writer = await FragmentWriter.start(source, {
      partPath: join(dir, 'd.mp4.part'),
      maxDurationS: null,
    });
    source.push(init, ...fragments.slice(0, 3));
    source.finish('session closed');
    await expect(writer.finished).resolves.toMatchObject({
      end: 'source-ended',
      reason: 'session closed',
    });
  });

  it('fails loudly when its lossless source fails', async () => {
    const source = new PushSource();
    const writer = await FragmentWriter.start(source, {
      partPath: join(dir, 'e.mp4.part'),
      maxDurationS: null,
    });
    source.push(init);
    source.fail(new Error('recorder could not keep up: queue exceeded 1024 bytes'));
    await expect(writer.finished).rejects.toThrow('could not keep up');
  });

  it('ends the clip when the camera comes back with another codec setup', async () => {
    const other = toPackets(makeFragmentedMp4({ seconds: 1, fps: 10, size: '160x120' }));
    const source = new PushSource();
    const writer = await FragmentWriter.start(source, {
      partPath: join(dir, 'f.mp4.part'),
      maxDurationS: null,
    });
    source.push(init, ...fragments.slice(0, 5), other[0], ...other.slice(1));
    await expect(writer.finished).resolves.toMatchObject({ end: 'stream-changed' });
  });

  it('continues the clip when the init comes again with the same codec setup', async () => {
    // After a reconnect the hub republishes the init with decode times that go on (the
    // session's FragmentTimeline): the clip goes on too.
    const timeline = new FragmentTimeline();
    const info = readInitSegment(init.data);
    const continued = [0, 1].flatMap(() => {
      timeline.startRun(info);
      return fragments.map((fragment) => {
        const data = Buffer.from(fragment.data);
        return {
          type: 'fragment' as const,
          data: bufferView(timeline.apply(data, parseFragmentInfo(data, info))),
        };
      });
    });
    const source = new PushSource();
    const partPath = join(dir, 'h.mp4.part');
    const writer = await FragmentWriter.start(source, { partPath, maxDurationS: null });
    source.push(init, ...continued.slice(0, fragments.length), init);
    source.push(...continued.slice(fragments.length));
    await waitFor(() => writer.durationS > 5.9);
    await writer.stop();
    const times = videoPacketTimes(partPath);
    expect(times[times.length - 1]).toBeGreaterThan(5.8);
    times.slice(1).forEach((time, i) => expect(time).toBeGreaterThan(times[i]));
  });

  it('writes what its hub subscription queued before stop(), and nothing after', async () => {
    const hub = new StreamHub();
    const subscription = hub.subscribe({
      name: 'recorder',
      policy: 'lossless',
      maxQueueBytes: 1 << 24,
    });
    const partPath = join(dir, 'i.mp4.part');
    const writer = await FragmentWriter.start(subscription, { partPath, maxDurationS: null });
    const videoOnly = toPackets(makeFragmentedMp4({ seconds: 3, fps: 10, gop: 10 }));
    const hubPackets = toHubPackets(videoOnly);
    hubPackets.forEach((packet) => hub.publish(packet));
    const stopped = writer.stop();
    hub.publish({ ...(hubPackets[1] as FragmentPacket), seq: 1000 });
    const result = await stopped;
    expect(result.end).toBe('stopped');
    expect(readFileSync(partPath).equals(Buffer.concat(videoOnly.map((p) => p.data)))).toBe(true);
  });

  it('refuses to overwrite an existing .part', async () => {
    writeFileSync(join(dir, 'g.mp4.part'), 'earlier');
    await expect(
      FragmentWriter.start(new PushSource(), {
        partPath: join(dir, 'g.mp4.part'),
        maxDurationS: null,
      }),
    ).rejects.toMatchObject({ code: 'EEXIST' });
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** The packets as the ingest publishes them (fragments flagged, numbered). */
function toHubPackets(list: Mp4Packet[]): HubPacket[] {
  const info = readInitSegment(list[0].data);
  return list.map((packet, seq): HubPacket => {
    if (packet.type === 'init')
      return { type: 'init', data: packet.data, mime: info.mime, generation: 1 };
    const fragment = parseFragmentInfo(packet.data, info);
    return {
      type: 'fragment',
      data: packet.data,
      keyframe: fragment.keyframe,
      frames: fragment.frames,
      receivedAt: Date.now(),
      seq,
      generation: 1,
    };
  });
}
