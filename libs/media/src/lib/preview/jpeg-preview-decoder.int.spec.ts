import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fmp4ToHubPackets } from '../test-support/hub-packets';
import { generateFmp4 } from '../test-support/media-fixtures';
import { expectNoChildrenLeft, takePackets, trackPids } from '../test-support/session-harness';
import { StreamHub } from '../hub/stream-hub';
import { readJpegDimensions } from '../mjpeg/jpeg-dimensions';
import { ChildProcessRegistry } from '@camrec/process';
import { JpegPreviewDecoder } from './jpeg-preview-decoder';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('JpegPreviewDecoder', () => {
  const started: JpegPreviewDecoder[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((p) => p.stop()));
  });

  it('decodes fragments into JPEGs as they arrive, and leaves nothing running', async () => {
    const registry = new ChildProcessRegistry();
    const tracker = trackPids(registry);
    const [init, ...fragments] = fmp4ToHubPackets(
      await generateFmp4({ frames: 40, gop: 10, size: '320x240' }),
    );
    const source = new StreamHub();
    source.publish(init);
    const preview = JpegPreviewDecoder.start({
      name: 'preview t',
      ffmpegPath: 'ffmpeg',
      source,
      jpegQuality: 70,
      maxWidth: 160,
      registry,
    });
    started.push(preview);
    // Lossless: every JPEG is counted (a viewer's `latest` drops those a busy reader missed).
    const viewer = preview.hub.subscribe({
      name: 'jpeg viewer',
      policy: 'lossless',
      maxQueueBytes: 1 << 20,
    });
    const frames: Buffer[] = [];
    const reading = (async () => {
      for await (const packet of viewer) if (packet.type === 'jpeg') frames.push(packet.data);
    })();
    // Live pace: JPEGs must come out while the stream is still going (stdin stays open).
    for (const fragment of fragments.slice(0, 20)) {
      source.publish(fragment);
      await tick(20);
    }
    const deadline = Date.now() + 10_000;
    while (frames.length < 10 && Date.now() < deadline) await tick(50);
    expect(frames.length).toBeGreaterThanOrEqual(10);
    expect(readJpegDimensions(frames[0])).toEqual({ width: 160, height: 120 });
    expect(registry.list().map((c) => c.name)).toEqual(['preview t']);

    source.end('session closed');
    await reading;
    expect(viewer.endReason).toBe('session closed');
    await preview.stop();
    tracker.stop();
    await expectNoChildrenLeft(registry, tracker.pids);
  });

  it('restarts the decoder for a new init generation', async () => {
    const registry = new ChildProcessRegistry();
    const source = new StreamHub();
    const [init1, ...fragments1] = fmp4ToHubPackets(
      await generateFmp4({ frames: 10, gop: 5, size: '320x240' }),
    );
    const [init2, ...fragments2] = fmp4ToHubPackets(
      await generateFmp4({ frames: 10, gop: 5, size: '160x120' }),
      2,
      100,
    );
    const preview = JpegPreviewDecoder.start({
      name: 'preview g',
      ffmpegPath: 'ffmpeg',
      source,
      jpegQuality: 50,
      registry,
    });
    started.push(preview);
    const viewer = preview.hub.subscribe({ name: 'v', policy: 'lossless', maxQueueBytes: 8 << 20 });
    source.publish(init1);
    fragments1.forEach((f) => source.publish(f));
    const first = await takePackets(viewer, 5, 10_000);
    const pid1 = registry.pids()[0];
    source.publish(init2);
    fragments2.forEach((f) => source.publish(f));
    const isSmall = (p: { data: Buffer }) => readJpegDimensions(p.data)?.width === 160;
    const later = await takePackets(viewer, 5, 10_000, isSmall);
    expect(readJpegDimensions(first[0].data)).toEqual({ width: 320, height: 240 });
    // Frames of the first generation all come before those of the second.
    expect(later.findIndex(isSmall)).toBeGreaterThanOrEqual(0);
    expect(later.slice(later.findIndex(isSmall)).every(isSmall)).toBe(true);
    expect(registry.pids()).not.toContain(pid1);
    await preview.stop('no more viewers');
    expect(viewer.endReason).toBe('no more viewers');
    expect(registry.size).toBe(0);
  });

  it('reports a decoder whose output is not JPEG, drops it and throws nothing', async () => {
    // A real program standing in for a broken ffmpeg: a JPEG start, then no marker.
    const dir = mkdtempSync(join(tmpdir(), 'camrec-bad-decoder-'));
    const fakeFfmpeg = join(dir, 'ffmpeg');
    writeFileSync(
      fakeFfmpeg,
      "#!/bin/sh\nprintf '\\377\\330\\000\\000garbage'\nexec cat >/dev/null\n",
    );
    chmodSync(fakeFfmpeg, 0o755);
    try {
      const registry = new ChildProcessRegistry();
      const [init, ...fragments] = fmp4ToHubPackets(await generateFmp4({ frames: 10, gop: 5 }));
      const source = new StreamHub();
      const errors: string[] = [];
      const preview = JpegPreviewDecoder.start({
        name: 'preview bad',
        ffmpegPath: fakeFfmpeg,
        source,
        jpegQuality: 70,
        registry,
        onError: (message) => errors.push(message),
      });
      started.push(preview);
      source.publish(init);
      fragments.forEach((f) => source.publish(f));
      const deadline = Date.now() + 10_000;
      while (errors.length === 0 && Date.now() < deadline) await tick(50);
      expect(errors[0]).toMatch(/preview decoder output unreadable: expected a JPEG marker/);
      while (registry.size > 0 && Date.now() < deadline) await tick(50);
      expect(registry.size).toBe(0);
      await preview.stop();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
