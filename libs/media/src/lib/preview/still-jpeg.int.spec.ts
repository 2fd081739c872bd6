import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StreamHub } from '../hub/stream-hub';
import { buildStillJpegArgs } from '../ingest/ffmpeg-args';
import { readJpegDimensions } from '../mjpeg/jpeg-dimensions';
import { JpegSplitter } from '../mjpeg/jpeg-splitter';
import { ChildProcessRegistry } from '@camrec/process';
import { fmp4ToHubPackets } from '../test-support/hub-packets';
import { generateMjpeg, LIVE_MOVFLAGS, runFfmpegToBuffer } from '../test-support/media-fixtures';
import { captureStillJpeg } from './still-jpeg';

/** 25 frames, a keyframe every 10, frame n a flat grey of luma 40 + 6n: its mean says which. */
function numberedGreys(): Promise<Buffer> {
  return runFfmpegToBuffer([
    ...['-f', 'lavfi', '-i', 'color=c=black:size=160x120:rate=25'],
    ...['-vf', "geq=lum='40+6*N':cb=128:cr=128", '-frames:v', '25', '-pix_fmt', 'yuv420p'],
    ...['-g', '10', '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '10'],
    ...['-f', 'mp4', '-movflags', LIVE_MOVFLAGS, 'pipe:1'],
  ]);
}

/** Mean luma of a JPEG, decoded by ffmpeg. */
async function meanLuma(jpeg: Buffer): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'still-jpeg-'));
  try {
    writeFileSync(join(dir, 'still.jpg'), jpeg);
    const grey = await runFfmpegToBuffer([
      ...['-i', join(dir, 'still.jpg'), '-pix_fmt', 'gray', '-f', 'rawvideo', 'pipe:1'],
    ]);
    return grey.reduce((sum, value) => sum + value, 0) / grey.length;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('captureStillJpeg', () => {
  it('encodes only the last frames of the piece it is given', () => {
    const args = buildStillJpegArgs({ jpegQuality: 70, skipFrames: 7 }).join(' ');
    expect(args).toContain('-f mp4 -i pipe:0');
    expect(args).toContain("-vf select='gte(n,7)'");
    expect(args).toMatch(/-c:v mjpeg -q:v \d+ -f mjpeg pipe:1$/);
    expect(buildStillJpegArgs({ jpegQuality: 70, skipFrames: -3 }).join(' ')).toContain(
      "select='gte(n,0)'",
    );
  });

  it('gives nothing before the first frame', async () => {
    expect(
      await captureStillJpeg({
        name: 's',
        source: new StreamHub(),
        ffmpegPath: 'ffmpeg',
        jpegQuality: 70,
      }),
    ).toBeNull();
  });

  it("returns an MJPEG camera's latest frame as it came", async () => {
    const frames = new JpegSplitter().push(await generateMjpeg(3));
    const hub = new StreamHub();
    frames.forEach((data, seq) => hub.publish({ type: 'jpeg', data, capturedAt: Date.now(), seq }));
    const still = await captureStillJpeg({
      name: 's',
      source: hub,
      ffmpegPath: 'ffmpeg',
      jpegQuality: 70,
    });
    expect(still?.equals(frames[2])).toBe(true);
  });

  it('decodes the newest H.264 frame (not the keyframe before it) and leaves no process', async () => {
    const hub = new StreamHub();
    for (const packet of fmp4ToHubPackets(await numberedGreys())) hub.publish(packet);
    const registry = new ChildProcessRegistry();
    const still = await captureStillJpeg({
      name: 'snapshot t',
      source: hub,
      ffmpegPath: 'ffmpeg',
      jpegQuality: 90,
      registry,
    });
    expect(still?.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
    expect(readJpegDimensions(still as Buffer)).toEqual({ width: 160, height: 120 });
    // Frame 24 (luma 184), not the keyframe 20 (160) the piece starts with.
    expect(await meanLuma(still as Buffer)).toBeGreaterThan(178);
    expect(registry.list()).toEqual([]);
  });

  it('fails with the reason when ffmpeg cannot be run', async () => {
    const hub = new StreamHub();
    for (const packet of fmp4ToHubPackets(await numberedGreys())) hub.publish(packet);
    await expect(
      captureStillJpeg({
        name: 's',
        source: hub,
        ffmpegPath: '/nonexistent/ffmpeg',
        jpegQuality: 70,
      }),
    ).rejects.toThrow(/no snapshot: .*ENOENT|no snapshot: .*nonexistent/);
  });
});
