import { spawnSync } from 'node:child_process';
import {
  decodeFrameIndex,
  decodeFrameIndices,
  FRAME_INDEX_BITS,
  frameIndexBarHeight,
  frameIndexBit,
  frameIndexCells,
  frameIndexCellSpan,
} from './frame-index';

const WIDTH = 320;
const HEIGHT = 180;

/** The bar as ffmpeg drawbox filters, for frame number `n + offset` (mirrors camera-sim). */
function barFilter(width: number, height: number, offset: number): string {
  const h = frameIndexBarHeight(height);
  const cells = frameIndexCells(width).map(
    ({ x0, x1 }, k) =>
      `drawbox=x=${x0}:y=0:w=${x1 - x0}:h=${h}:color=white:t=fill:` +
      `enable='gte(mod(floor((n+${offset})/${2 ** k}),2),1)'`,
  );
  return [`drawbox=x=0:y=0:w=iw:h=${h}:color=black:t=fill`, ...cells].join(',');
}

/** Renders `frames` frames through `codecArgs`, decodes them and returns the gray frames. */
function roundTrip(vf: string | null, codecArgs: string[], container: string, frames: number) {
  const source = `testsrc2=size=${WIDTH}x${HEIGHT}:rate=25`;
  const encoded = spawnSync(
    'ffmpeg',
    [
      '-hide_banner',
      '-loglevel',
      'error',
      '-f',
      'lavfi',
      '-i',
      source,
      ...(vf ? ['-vf', vf] : []),
      '-frames:v',
      String(frames),
      ...codecArgs,
      '-f',
      container,
      'pipe:1',
    ],
    { maxBuffer: 64 << 20 },
  );
  expect(encoded.stderr.toString()).toBe('');
  const decoded = spawnSync(
    'ffmpeg',
    [
      '-hide_banner',
      '-loglevel',
      'error',
      '-f',
      container,
      '-i',
      'pipe:0',
      '-f',
      'rawvideo',
      '-pix_fmt',
      'gray',
      'pipe:1',
    ],
    { input: encoded.stdout, maxBuffer: 64 << 20 },
  );
  expect(decoded.stderr.toString()).toBe('');
  const size = WIDTH * HEIGHT;
  return Array.from(
    { length: decoded.stdout.length / size },
    (_, i) => new Uint8Array(decoded.stdout.subarray(i * size, (i + 1) * size)),
  );
}

function decodeAll(frames: Uint8Array[]): Array<number | null> {
  return frames.map((gray) => decodeFrameIndex(gray, WIDTH, HEIGHT));
}

describe('frame-index geometry', () => {
  it('has a bar at least 8 pixels tall, else 1/16 of the height', () => {
    expect(frameIndexBarHeight(90)).toBe(8);
    expect(frameIndexBarHeight(360)).toBe(23);
    expect(frameIndexBarHeight(1080)).toBe(68);
  });

  it('splits the full width into 16 contiguous cells', () => {
    const cells = frameIndexCells(650);
    expect(cells).toHaveLength(FRAME_INDEX_BITS);
    expect(cells[0].x0).toBe(0);
    expect(cells[15].x1).toBe(650);
    cells.slice(1).forEach((cell, k) => expect(cell.x0).toBe(cells[k].x1));
    expect(frameIndexCellSpan(1, 650)).toEqual({ x0: 41, x1: 81 });
  });

  it('maps bit k of (index mod 65536) to cell k', () => {
    expect(frameIndexBit(5, 0)).toBe(true);
    expect(frameIndexBit(5, 1)).toBe(false);
    expect(frameIndexBit(5, 2)).toBe(true);
    expect(frameIndexBit(65536 + 1, 0)).toBe(true);
    expect(frameIndexBit(65536, 15)).toBe(false);
    expect(frameIndexBit(32768, 15)).toBe(true);
  });
});

describe('decodeFrameIndex on synthetic frames', () => {
  function paint(index: number): Uint8Array {
    const gray = new Uint8Array(WIDTH * HEIGHT).fill(128);
    const h = frameIndexBarHeight(HEIGHT);
    frameIndexCells(WIDTH).forEach(({ x0, x1 }, k) => {
      for (let y = 0; y < h; y++)
        gray.fill(frameIndexBit(index, k) ? 255 : 0, y * WIDTH + x0, y * WIDTH + x1);
    });
    return gray;
  }

  it.each([0, 1, 1234, 40000, 65535])('reads %i', (index) => {
    expect(decodeFrameIndex(paint(index), WIDTH, HEIGHT)).toBe(index);
  });

  it('reads frames cut to their bar rows, back to back, as it reads whole ones', () => {
    const barBytes = WIDTH * frameIndexBarHeight(HEIGHT);
    const bars = Buffer.concat([1, 2, 65535].map((index) => paint(index).subarray(0, barBytes)));
    expect(decodeFrameIndices(bars, WIDTH, HEIGHT, frameIndexBarHeight(HEIGHT))).toEqual([
      1, 2, 65535,
    ]);
    expect(decodeFrameIndex(paint(9).subarray(0, barBytes - 1), WIDTH, HEIGHT)).toBeNull();
  });

  it('refuses a mid-gray cell and a frame too small to hold a bar', () => {
    const gray = paint(7);
    const { x0, x1 } = frameIndexCellSpan(9, WIDTH);
    for (let y = 0; y < frameIndexBarHeight(HEIGHT); y++)
      gray.fill(128, y * WIDTH + x0, y * WIDTH + x1);
    expect(decodeFrameIndex(gray, WIDTH, HEIGHT)).toBeNull();
    expect(decodeFrameIndex(new Uint8Array(10), WIDTH, HEIGHT)).toBeNull();
  });
});

describe('decodeFrameIndex on frames read back through ffmpeg', () => {
  it('reads consecutive indices from MJPEG', () => {
    const frames = roundTrip(
      barFilter(WIDTH, HEIGHT, 0),
      ['-c:v', 'mjpeg', '-q:v', '8'],
      'mjpeg',
      20,
    );
    expect(frames).toHaveLength(20);
    expect(decodeAll(frames)).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it('reads high bits and the wrap at 65536 from low-bitrate H.264', () => {
    const args = ['-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '35', '-pix_fmt', 'yuv420p'];
    const frames = roundTrip(barFilter(WIDTH, HEIGHT, 65530), args, 'h264', 12);
    const expected = Array.from({ length: 12 }, (_, i) => (65530 + i) % 65536);
    expect(decodeAll(frames)).toEqual(expected);
  });

  it('returns null for frames without a bar', () => {
    const frames = roundTrip(null, ['-c:v', 'mjpeg', '-q:v', '8'], 'mjpeg', 5);
    expect(frames).toHaveLength(5);
    expect(decodeAll(frames)).toEqual([null, null, null, null, null]);
  });
});
