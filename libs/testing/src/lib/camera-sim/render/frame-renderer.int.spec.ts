import { decodeFrameIndex, frameIndexBarHeight } from '../../frame-index';
import { spawnSync } from 'node:child_process';
import { findClockFont } from './clock-font';
import { FrameRenderer } from './frame-renderer';
import { JpegFrameSplitter } from './frame-splitters';
import { buildRenderArgs } from './render-args';

const WIDTH = 320;
const HEIGHT = 180;

async function renderJpegs(clockFont: string | null, count: number): Promise<Buffer[]> {
  const args = buildRenderArgs({
    width: WIDTH,
    height: HEIGHT,
    fps: 25,
    output: { kind: 'jpeg', qscale: 4 },
    clockFont,
  });
  const renderer = FrameRenderer.start('ffmpeg', args, new JpegFrameSplitter());
  try {
    const frames: Buffer[] = [];
    for (let i = 0; i < count; i++) frames.push(await renderer.nextFrame());
    return frames;
  } finally {
    await renderer.stop();
  }
}

function toGray(jpeg: Buffer): Uint8Array {
  const decoded = spawnSync(
    'ffmpeg',
    [
      '-hide_banner',
      '-loglevel',
      'error',
      '-f',
      'mjpeg',
      '-i',
      'pipe:0',
      '-f',
      'rawvideo',
      '-pix_fmt',
      'gray',
      'pipe:1',
    ],
    { input: jpeg },
  );
  return new Uint8Array(decoded.stdout);
}

/** Mean absolute difference of two gray images over rows [y0, y1). */
function rowDifference(a: Uint8Array, b: Uint8Array, y0: number, y1: number): number {
  let sum = 0;
  for (let i = y0 * WIDTH; i < y1 * WIDTH; i++) sum += Math.abs(a[i] - b[i]);
  return sum / ((y1 - y0) * WIDTH);
}

describe('FrameRenderer', () => {
  const font = findClockFont();

  it('renders frames whose bar reads 0, 1, 2, … with and without the clock', async () => {
    const [withClock, withoutClock] = await Promise.all([
      renderJpegs(font, 5),
      renderJpegs(null, 5),
    ]);
    const indices = (frames: Buffer[]) =>
      frames.map((jpeg) => decodeFrameIndex(toGray(jpeg), WIDTH, HEIGHT));
    expect(indices(withClock)).toEqual([0, 1, 2, 3, 4]);
    expect(indices(withoutClock)).toEqual([0, 1, 2, 3, 4]);
  });

  (font ? it : it.skip)('draws the clock below the bar, leaving the bar untouched', async () => {
    const [[withClock], [withoutClock]] = await Promise.all([
      renderJpegs(font, 1),
      renderJpegs(null, 1),
    ]);
    const a = toGray(withClock);
    const b = toGray(withoutClock);
    const bar = frameIndexBarHeight(HEIGHT);
    expect(rowDifference(a, b, 0, bar - 1)).toBeLessThan(1);
    expect(rowDifference(a, b, bar, bar + 30)).toBeGreaterThan(5);
  });

  it('reports why it cannot render', async () => {
    const renderer = FrameRenderer.start(
      'ffmpeg',
      ['-f', 'lavfi', '-i', 'nosuchsource', 'pipe:1'],
      new JpegFrameSplitter(),
    );
    await expect(renderer.nextFrame()).rejects.toThrow(/ffmpeg renderer stopped: .*nosuchsource/s);
    await renderer.stop();
  });
});
