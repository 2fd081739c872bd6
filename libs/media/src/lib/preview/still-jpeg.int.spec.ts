import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StreamHub } from '../hub/stream-hub';
import { buildStillJpegArgs, lastFramesFilter } from '../ingest/ffmpeg-args';
import { readJpegDimensions } from '../mjpeg/jpeg-dimensions';
import { JpegSplitter } from '../mjpeg/jpeg-splitter';
import { ChildProcessRegistry } from '@camrec/process';
import { fmp4ToHubPackets } from '../test-support/hub-packets';
import { generateMjpeg, LIVE_MOVFLAGS, runFfmpegToBuffer } from '../test-support/media-fixtures';
import { StillJpegDecoder, type StillJpegDecoderOptions } from './still-jpeg';

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

/** A decoder with the test's options over defaults; every one is closed after its test. */
const decoders: StillJpegDecoder[] = [];
function decoderOf(options: Partial<StillJpegDecoderOptions> = {}): StillJpegDecoder {
  const decoder = new StillJpegDecoder({
    name: 'snapshot',
    ffmpegPath: 'ffmpeg',
    jpegQuality: 90,
    ...options,
  });
  decoders.push(decoder);
  return decoder;
}

async function numberedGreysHub(): Promise<StreamHub> {
  const hub = new StreamHub();
  for (const packet of fmp4ToHubPackets(await numberedGreys())) hub.publish(packet);
  return hub;
}

/** The folders the decoders keep their frame filters in. */
const filterFolders = () =>
  readdirSync(tmpdir()).filter((name) => name.startsWith('camrec-still-'));

describe('StillJpegDecoder', () => {
  afterEach(async () => {
    await Promise.all(decoders.splice(0).map((decoder) => decoder.close()));
  });

  it('encodes only the last frames of the piece, with a filter read from a file', () => {
    const args = buildStillJpegArgs({ jpegQuality: 70, filterScript: '/tmp/f.txt' }).join(' ');
    expect(args).toContain('-f mp4 -i pipe:0');
    expect(args).toContain('-filter_script:v /tmp/f.txt');
    expect(args).toMatch(/-c:v mjpeg -q:v \d+ -f mjpeg pipe:1$/);
    expect(lastFramesFilter(7)).toBe("select='gte(n,7)'");
    expect(lastFramesFilter(-3)).toBe("select='gte(n,0)'");
  });

  it('gives nothing before the first frame', async () => {
    expect(await decoderOf().capture(new StreamHub())).toBeNull();
  });

  it("returns an MJPEG camera's latest frame as it came", async () => {
    const frames = new JpegSplitter().push(await generateMjpeg(3));
    const hub = new StreamHub();
    frames.forEach((data, seq) => hub.publish({ type: 'jpeg', data, capturedAt: Date.now(), seq }));
    const still = await decoderOf().capture(hub);
    expect(still?.equals(frames[2])).toBe(true);
  });

  it.each([
    ['started at the capture', false],
    ['started beforehand and waiting', true],
  ])(
    'decodes the newest H.264 frame (not the keyframe before it) with an ffmpeg %s',
    async (_how, prepared) => {
      const hub = await numberedGreysHub();
      const registry = new ChildProcessRegistry();
      const decoder = decoderOf({ registry });
      if (prepared) decoder.prepare();
      const waiting = registry.pids();
      expect(waiting).toHaveLength(prepared ? 1 : 0);
      // Waiting on stdin: it has not read its frame filter (not written yet) nor ended for want
      // of one.
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(registry.pids()).toEqual(waiting);
      const still = await decoder.capture(hub);
      expect(still?.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
      expect(readJpegDimensions(still as Buffer)).toEqual({ width: 160, height: 120 });
      // Frame 24 (luma 184), not the keyframe 20 (160) the piece starts with.
      expect(await meanLuma(still as Buffer)).toBeGreaterThan(178);
      // The waiting one did the capture and has exited; the next one waits in its place.
      const next = registry.pids();
      expect(next).toHaveLength(1);
      expect(next).not.toEqual(waiting);
    },
  );

  it('makes one capture after another, each with the newest frame of its piece', async () => {
    const hub = await numberedGreysHub();
    const decoder = decoderOf();
    const lumas = [];
    for (let k = 0; k < 3; k++) lumas.push(await meanLuma((await decoder.capture(hub)) as Buffer));
    for (const luma of lumas) expect(luma).toBeGreaterThan(178);
  });

  it('ends its waiting ffmpeg and removes its folder when closed, and starts none after', async () => {
    const registry = new ChildProcessRegistry();
    const decoder = decoderOf({ registry });
    const before = filterFolders();
    decoder.prepare();
    decoder.prepare(); // one waits at most
    expect(registry.size).toBe(1);
    const [folder] = filterFolders().filter((name) => !before.includes(name));
    await decoder.close();
    decoder.prepare();
    expect(registry.list()).toEqual([]);
    expect(existsSync(join(tmpdir(), folder))).toBe(false);
  });

  it('fails with the reason when ffmpeg cannot be run', async () => {
    const hub = await numberedGreysHub();
    await expect(decoderOf({ ffmpegPath: '/nonexistent/ffmpeg' }).capture(hub)).rejects.toThrow(
      /no snapshot: .*ENOENT|no snapshot: .*nonexistent/,
    );
  });
});
