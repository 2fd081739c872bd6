import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FragmentWriter } from './fragment-writer';
import {
  ffprobeJson,
  makeFragmentedMp4,
  toPackets,
  videoPacketTimes,
} from './test-support/mp4-fixtures';
import { PushSource } from './test-support/packet-source';

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
    const probe = ffprobeJson(partPath);
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
      if (packet !== init) expect(Number(ffprobeJson(partPath).format.duration)).toBeGreaterThan(0);
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
    source.end('session closed');
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

  it('continues the clip when the ingest restarts with the same codec setup', async () => {
    const source = new PushSource();
    const partPath = join(dir, 'h.mp4.part');
    const writer = await FragmentWriter.start(source, { partPath, maxDurationS: null });
    source.push(init, ...fragments, init, ...fragments);
    await waitFor(() => writer.durationS > 5.9);
    await writer.stop();
    const times = videoPacketTimes(partPath);
    expect(times[times.length - 1]).toBeGreaterThan(5.8);
    times.slice(1).forEach((time, i) => expect(time).toBeGreaterThan(times[i]));
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
