import type { ChunkRequest } from './chunk-plan';
import type { FootageFrame, FrameChunkLoader } from './footage-frames';
import { JpegFootagePlayer } from './jpeg-footage-player';
import { JPEG_KEEP_BEHIND_S, STALL_BEFORE_END_S } from './jpeg-playback-plan';

const ORIGIN = Date.UTC(2026, 11, 5, 14);
/** Footage of a 10 fps camera from ORIGIN + 100 s to ORIGIN + 200 s, 1 KB a frame. */
const FIRST_MS = ORIGIN + 100_000;
const END_MS = ORIGIN + 200_000;

/** Answers as the server does: from the frame shown at `at` to the first at or after its end. */
function footage(request: ChunkRequest): FootageFrame[] {
  const frames: FootageFrame[] = [];
  const from = Math.max(FIRST_MS, FIRST_MS + Math.floor((request.atMs - FIRST_MS) / 100) * 100);
  for (let at = from; at < END_MS && at < request.atMs + request.durationS * 1000; at += 100) {
    frames.push({ atMs: at, durationMs: 100, jpeg: new Uint8Array(1000) });
  }
  return frames;
}

describe('JpegFootagePlayer: a camera’s JPEG frames as a member of the playback clock', () => {
  let requests: ChunkRequest[];
  let sent: number[];
  let animationFrames: FrameRequestCallback[];
  let player: JpegFootagePlayer;
  const events = { changed: jest.fn(), needsNewOrigin: jest.fn(), failed: jest.fn() };
  const loader: FrameChunkLoader = async (_camera, request) => {
    requests.push(request);
    const frames = footage(request);
    sent.push(...frames.map((frame) => frame.atMs));
    return frames.length ? { kind: 'frames', frames } : { kind: 'none' };
  };
  /** Runs the pending animation frame at `now` (ms). */
  const animate = (now: number) => animationFrames.splice(0).forEach((callback) => callback(now));
  const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

  beforeEach(() => {
    requests = [];
    sent = [];
    animationFrames = [];
    jest.spyOn(window, 'requestAnimationFrame').mockImplementation((callback) => {
      animationFrames.push(callback);
      return animationFrames.length;
    });
    jest.spyOn(window, 'cancelAnimationFrame').mockImplementation(() => undefined);
    player = new JpegFootagePlayer('cam', document.createElement('canvas'), loader, events);
    player.reset(ORIGIN);
  });
  afterEach(() => {
    player.dispose();
    jest.restoreAllMocks();
  });

  it('fetches a short first chunk at the instant sought, and says what it holds', async () => {
    await player.load(FIRST_MS + 5_050);
    expect(requests).toEqual([{ atMs: FIRST_MS + 5_050, durationS: 2 }]);
    const view = player.view();
    expect(view.ranges).toEqual([[105, 107.1]]);
    // The next chunk starts at the next frame's time, rounded up to a whole ms.
    expect(view.loadedThroughS).toBeCloseTo(107.101, 9);
    expect(view.finished).toBe(false);
    expect(player.frameAt(105.07)).toBeCloseTo(105, 9);
    expect(player.frameAfter(105.07)).toBeCloseTo(105.1, 9);
    expect(player.frameBefore(105.17)).toBeCloseTo(105, 9);
    expect(player.frameBefore(105.07)).toBeNull();
  });

  it('plays on its own clock, elapsed time × rate, and waits at the end of what it holds', async () => {
    await player.load(FIRST_MS);
    player.seekTo(100, true, 2);
    animate(1_000);
    animate(1_250);
    expect(player.currentS).toBeCloseTo(100.5, 9);
    expect(player.view().ready).toBe(true);
    animate(5_000);
    expect(player.currentS).toBeCloseTo(102 - STALL_BEFORE_END_S, 9);
    player.hold();
    animate(6_000);
    expect(animationFrames).toEqual([]);
    expect(player.currentS).toBeCloseTo(102 - STALL_BEFORE_END_S, 9);
  });

  it('fetches ahead as it plays and lets go of what is far behind: memory stays flat', async () => {
    await player.load(FIRST_MS);
    player.seekTo(100, true, 1);
    let now = 0;
    let most = 0;
    // 60 s of playing, the controller pumping ten times a second.
    for (let tick = 0; tick < 600; tick++) {
      animate((now += 100));
      player.pump(ORIGIN + player.currentS * 1000, 1);
      await settle();
      most = Math.max(
        most,
        player.view().ranges.reduce((s, [a, b]) => s + b - a, 0),
      );
    }
    expect(player.currentS).toBeGreaterThan(159);
    // Each chunk starts with the frame after the last one before: no frame twice, none missing.
    expect(requests.length).toBeGreaterThan(10);
    expect(sent.every((at, i) => i === 0 || at === sent[i - 1] + 100)).toBe(true);
    expect(most).toBeLessThan(JPEG_KEEP_BEHIND_S + 8 + 4 + 1);
    expect(player.view().ranges[0][0]).toBeGreaterThan(player.currentS - JPEG_KEEP_BEHIND_S - 1);
  });

  it('says it is finished when the server has nothing after its cursor', async () => {
    await player.load(END_MS - 1_000);
    player.pump(END_MS - 1_000, 1);
    await settle();
    expect(requests.at(-1)).toEqual({ atMs: END_MS + 1, durationS: 4 });
    expect(player.view().finished).toBe(true);
    expect(events.failed).not.toHaveBeenCalled();
  });

  it('steps back into the footage before what it holds', async () => {
    await player.load(FIRST_MS + 30_000);
    expect(player.frameBefore(130)).toBeNull();
    expect(await player.loadPrevious()).toBe('loaded');
    expect(player.frameBefore(130)).toBeCloseTo(129.9, 9);
    expect(player.view().ranges).toEqual([[120, 132]]);
  });
});
