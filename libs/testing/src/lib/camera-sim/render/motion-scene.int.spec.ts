import { spawnSync } from 'node:child_process';
import { motionScene } from './motion-scene';

// 320×180 at 10 fps: the box is 40 px wide, starts at x = 32 and moves 80 px per second.
const W = 320;
const H = 180;
const FPS = 10;
const BOX_ROW = Math.round(0.33 * H) + 20;

/** The scene rendered by the real ffmpeg: grey frame n shows second n / FPS. */
function render(scene: string, seconds: number): Buffer[] {
  const result = spawnSync(
    'ffmpeg',
    [
      ...['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', scene, '-t', String(seconds)],
      ...['-pix_fmt', 'gray', '-f', 'rawvideo', 'pipe:1'],
    ],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  if (result.status !== 0) throw new Error(`ffmpeg failed: ${result.stderr.toString()}`);
  const frames: Buffer[] = [];
  for (let at = 0; at + W * H <= result.stdout.length; at += W * H)
    frames.push(result.stdout.subarray(at, at + W * H));
  return frames;
}

/** Left edge of the bright box (180 ± noise) in its row; the other shapes are darker. */
function boxX(frame: Buffer): number {
  const row = frame.subarray(BOX_ROW * W, (BOX_ROW + 1) * W);
  for (let x = 0; x + 3 < W; x++) if ([0, 1, 2, 3].every((d) => row[x + d] > 160)) return x;
  return -1;
}

function meanOfTopLeft(frame: Buffer): number {
  let sum = 0;
  for (let y = 0; y < 40; y++) for (let x = 0; x < 60; x++) sum += frame[y * W + x];
  return sum / 2400;
}

describe('motionScene (rendered by ffmpeg)', () => {
  it('moves the box once from each listed second, right then back left', () => {
    const frames = render(
      motionScene({ width: W, height: H, fps: FPS, moveAtS: [1, 3], moveForS: 1 }),
      5,
    );
    const at = (s: number) => boxX(frames[Math.round(s * FPS)]);
    expect(at(0.5)).toBe(32);
    expect(at(1)).toBe(32);
    expect(at(1.5)).toBe(72);
    expect(at(2.5)).toBe(112);
    expect(at(3.5)).toBe(72);
    expect(at(4.5)).toBe(32);
  });

  it('keeps a single moveAtS as before: one movement to the right', () => {
    const frames = render(motionScene({ width: W, height: H, fps: FPS, moveAtS: 1 }), 4);
    expect(boxX(frames[5])).toBe(32);
    expect(boxX(frames[35])).toBe(192);
  });

  it('with accelerate, starts each movement from rest up to the usual speed, over half the distance', () => {
    const frames = render(
      motionScene({ width: W, height: H, fps: FPS, moveAtS: 1, moveForS: 2, accelerate: true }),
      4,
    );
    // x = 32 + 80 px/s · s² / (2 · 2 s) at s seconds into the movement.
    const at = (s: number) => boxX(frames[Math.round(s * FPS)]);
    expect(at(1)).toBe(32);
    expect(at(2)).toBe(52);
    expect(at(3)).toBe(112);
    expect(at(3.5)).toBe(112);
  });

  it('ramps the brightness steadily with brightnessPerS', () => {
    const frames = render(motionScene({ width: W, height: H, fps: FPS, brightnessPerS: 0.02 }), 5);
    const mean = (s: number) => meanOfTopLeft(frames[s * FPS]);
    // 0.02 of eq's full scale per second: 5 to 8 grey levels per second (eq and the grey conversion scale it), the same all along.
    for (const [from, to] of [
      [0.5, 2.5],
      [2.5, 4.5],
    ]) {
      expect(mean(to) - mean(from)).toBeGreaterThan(8);
      expect(mean(to) - mean(from)).toBeLessThan(18);
    }
  });
});
