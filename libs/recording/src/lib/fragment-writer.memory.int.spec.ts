import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bufferView, StreamHub } from '@camrec/media';
import { FragmentTimeline, parseFragmentInfo, readInitSegment } from '@camrec/mp4';
import { FragmentWriter } from './fragment-writer';
import { toPackets } from './test-support/mp4-fixtures';
import { heldBytes } from '@camrec/testing';

const MiB = 1024 * 1024;
const QUEUE_BYTES = 8 * MiB;

/**
 * A high-bitrate camera, as the ingest publishes it: 5 s of 640x360 noise at 25 fps
 * (~3 MB/s), played on a loop into a real StreamHub with decode times that go on (the
 * session's FragmentTimeline), as fast as the recorder's lossless queue takes it.
 */
class LoopingCamera {
  private readonly init;
  private readonly fragments;
  private readonly timeline = new FragmentTimeline();
  private seq = 0;
  published = 0;

  constructor(private readonly hub: StreamHub) {
    const [init, ...fragments] = toPackets(NOISE_MP4);
    this.init = { data: init.data, info: readInitSegment(init.data) };
    this.fragments = fragments.map((fragment) => fragment.data);
  }

  get loopBytes(): number {
    return this.fragments.reduce((sum, data) => sum + data.length, 0);
  }

  /** Publishes until `bytes` went out, pausing whenever the recorder's queue is half full. */
  async publish(bytes: number): Promise<void> {
    const { info } = this.init;
    this.hub.publish({ type: 'init', data: this.init.data, mime: info.mime, generation: 1 });
    while (this.published < bytes) {
      this.timeline.startRun(info);
      for (const original of this.fragments) {
        while (this.hub.subscriptions().some((s) => s.queuedBytes > QUEUE_BYTES / 2)) {
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
        const copy = Buffer.from(original);
        const fragment = parseFragmentInfo(copy, info);
        const data = bufferView(this.timeline.apply(copy, fragment));
        this.hub.publish({
          type: 'fragment',
          data,
          keyframe: fragment.keyframe,
          frames: fragment.frames,
          receivedAt: Date.now(),
          seq: this.seq++,
          generation: 1,
        });
        this.published += data.length;
      }
    }
  }
}

function noiseMp4(): Buffer {
  return execFileSync(
    'ffmpeg',
    [
      ...['-hide_banner', '-loglevel', 'error', '-f', 'lavfi'],
      ...['-i', 'nullsrc=size=640x360:rate=25,geq=random(1)*255:128:128', '-t', '5'],
      ...['-c:v', 'libx264', '-preset', 'ultrafast', '-qp', '20', '-g', '25'],
      ...['-pix_fmt', 'yuv420p', '-f', 'mp4'],
      ...['-movflags', 'empty_moov+default_base_moof+frag_keyframe', 'pipe:1'],
    ],
    { maxBuffer: 256 * MiB },
  );
}

const NOISE_MP4 = noiseMp4();

describe('FragmentWriter memory', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'camrec-writer-memory-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  // What a recording may hold: its bounded queue plus the fragment being written, and some
  // slack for the allocator. The clip itself is more than ten times this.
  const ALLOWED_GROWTH = QUEUE_BYTES + 8 * MiB;

  it('holds no more than its queue while recording 100 MB until stopped', async () => {
    const { camera, writer, partPath, before } = await startRecording(null);
    let peak = 0;
    for (let target = 20 * MiB; target <= 100 * MiB; target += 20 * MiB) {
      await camera.publish(target);
      peak = Math.max(peak, heldBytes() - before);
    }
    const result = await writer.stop();
    expect(result).toMatchObject({ end: 'stopped', bytes: statSync(partPath).size });
    expect(result.bytes).toBeGreaterThan(100 * MiB);
    expect(peak).toBeLessThan(ALLOWED_GROWTH);
    // The finished writer is still referenced (a recording's status keeps it): it must not
    // keep what it wrote.
    expect(heldBytes() - before).toBeLessThan(ALLOWED_GROWTH);
  });

  it('holds no more than its queue after a 100 MB clip ended at its duration', async () => {
    const probe = new LoopingCamera(new StreamHub());
    const loops = Math.ceil((100 * MiB) / probe.loopBytes) + 1;
    const { camera, writer, partPath, before } = await startRecording(loops * 5 - 2);
    await camera.publish(loops * probe.loopBytes);
    const result = await writer.finished;
    expect(result).toMatchObject({ end: 'limit', bytes: statSync(partPath).size });
    expect(result.bytes).toBeGreaterThan(100 * MiB);
    expect(heldBytes() - before).toBeLessThan(ALLOWED_GROWTH);
  });

  async function startRecording(maxDurationS: number | null) {
    const hub = new StreamHub({ maxGopBytes: MiB });
    const camera = new LoopingCamera(hub);
    const before = heldBytes();
    const subscription = hub.subscribe({
      name: 'recorder',
      policy: 'lossless',
      maxQueueBytes: QUEUE_BYTES,
    });
    const partPath = join(dir, 'big.mp4.part');
    const writer = await FragmentWriter.start(subscription, { partPath, maxDurationS });
    return { camera, writer, partPath, before };
  }
});
