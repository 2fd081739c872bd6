import { HeldFrames } from './held-frames';

const ORIGIN = Date.UTC(2026, 11, 5, 14);
/** Frames `from`…`to - 1` of a 10 fps camera whose frame n was captured at ORIGIN + n × 100 ms. */
const frames = (from: number, to: number, bytes = 10) =>
  Array.from({ length: to - from }, (_, i) => ({
    atMs: ORIGIN + (from + i) * 100,
    durationMs: 100,
    jpeg: new Uint8Array(bytes),
  }));

describe('HeldFrames: the frames a JPEG player holds', () => {
  it('places frames on the media timeline and covers them as one stretch when they touch', () => {
    const held = new HeldFrames();
    expect(held.add(frames(10, 20), ORIGIN)).toBe(10);
    expect(held.add(frames(20, 25), ORIGIN)).toBe(5);
    expect(held.ranges()).toEqual([[1, 2.5]]);
    expect(held.bytes).toBe(150);
  });

  it('keeps a gap in the footage as two stretches, and a chunk added before in its place', () => {
    const held = new HeldFrames();
    held.add(frames(50, 60), ORIGIN);
    held.add(frames(10, 20), ORIGIN);
    expect(held.ranges()).toEqual([
      [1, 2],
      [5, 6],
    ]);
    expect(held.first?.atMs).toBe(ORIGIN + 1000);
  });

  it('holds a frame sent twice (chunks that meet) once', () => {
    const held = new HeldFrames();
    held.add(frames(0, 10), ORIGIN);
    expect(held.add(frames(9, 12), ORIGIN)).toBe(2);
    expect(held.bytes).toBe(120);
  });

  it('finds the frame shown at an instant and the ones beside it', () => {
    const held = new HeldFrames();
    held.add(frames(0, 10), ORIGIN);
    expect(held.at(0.55)?.s).toBe(0.5);
    expect(held.at(0.5)?.s).toBe(0.5);
    expect(held.after(0.55)?.s).toBe(0.6);
    expect(held.before(0.55)?.s).toBe(0.4);
    expect(held.before(0.05)).toBeNull();
    expect(held.after(0.95)).toBeNull();
    expect(held.at(-0.1)).toBeNull();
  });

  it('lets go of what is behind, and counts the bytes ahead', () => {
    const held = new HeldFrames();
    held.add(frames(0, 100, 1000), ORIGIN);
    held.dropBefore(5.05);
    expect(held.first?.s).toBe(5);
    expect(held.bytes).toBe(50_000);
    expect(held.bytesAfter(9)).toBe(9_000);
    held.dropBefore(100);
    expect(held.bytes).toBe(0);
    expect(held.ranges()).toEqual([]);
  });
});
