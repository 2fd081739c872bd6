import { ANALYSIS_HEIGHT, ANALYSIS_WIDTH } from './grey-decoder-args';
import { MotionDetector, type FrameAnalysis } from './motion-detector';
import { DEFAULT_MOTION_SETTINGS } from './motion-settings';
import { renderGreyFrames, requireOpenCv, scene } from './test-support/grey-frames';

describe('MotionDetector (real OpenCV, frames rendered by ffmpeg)', () => {
  const cv = requireOpenCv();

  function analyse(frames: Buffer[], settings = DEFAULT_MOTION_SETTINGS): FrameAnalysis[] {
    const detector = new MotionDetector(cv, ANALYSIS_WIDTH, ANALYSIS_HEIGHT, settings);
    return frames.map((frame) =>
      detector.analyse(new cv.Mat(frame, ANALYSIS_HEIGHT, ANALYSIS_WIDTH, cv.CV_8UC1)),
    );
  }

  it('sees nothing in a still, noisy picture and boxes the box once it moves (frame 15 = 3 s)', async () => {
    const results = analyse(renderGreyFrames(scene({ moveAtS: 3, moveForS: 3 }), 6));
    expect(results.slice(0, 15).filter((r) => r.motion)).toEqual([]);
    const moving = results.slice(16);
    expect(moving.every((r) => r.motion)).toBe(true);
    // The box is at y 120–200 of 360 and moves right: its boxes lie in that band.
    for (const { boxes } of moving) {
      const [, y, , h] = boxes[0];
      expect(y).toBeGreaterThan(0.25);
      expect(y + h).toBeLessThan(0.65);
    }
    expect(Math.max(...moving.map((r) => r.score))).toBeGreaterThan(0.01);
  });

  it('does not count a brightness ramp of the whole picture as motion', async () => {
    const results = analyse(renderGreyFrames(scene({ brightnessPerS: 0.05 }), 6));
    expect(results.filter((r) => r.motion)).toEqual([]);
  });

  it('does not count a sudden lighting change (IR switch) and re-seeds the background', async () => {
    const results = analyse(renderGreyFrames(scene({ lightSwitchAtS: 2 }), 4));
    expect(results.filter((r) => r.motion)).toEqual([]);
  });

  it('ignores motion inside an excluded zone and respects the minimum area', async () => {
    const frames = renderGreyFrames(scene({ moveAtS: 1 }), 3);
    const band: [number, number][] = [
      [0, 0.2],
      [1, 0.2],
      [1, 0.7],
      [0, 0.7],
    ];
    const excluded = analyse(frames, { ...DEFAULT_MOTION_SETTINGS, zones_excluded: [band] });
    expect(excluded.filter((r) => r.motion)).toEqual([]);
    const tooSmall = analyse(frames, { ...DEFAULT_MOTION_SETTINGS, min_area_pct: 20 });
    expect(tooSmall.filter((r) => r.motion)).toEqual([]);
    const seen = analyse(frames);
    expect(seen.slice(6).every((r) => r.motion)).toBe(true);
  });

  it('keeps analysing while the garbage collector marks incrementally (3,000 frames, event loop turning)', async () => {
    // The binding's *Async calls aborted the process here within 5 s (V8: "Check failed:
    // marking_done_" in CppHeap::TraceEpilogue): the detector must use the synchronous ones.
    const frames = renderGreyFrames(scene({ moveAtS: 0 }), 2);
    const [first, last] = [frames[0], frames[frames.length - 1]];
    const detector = new MotionDetector(
      cv,
      ANALYSIS_WIDTH,
      ANALYSIS_HEIGHT,
      DEFAULT_MOTION_SETTINGS,
    );
    let garbage: unknown[] = [];
    let motionFrames = 0;
    for (let i = 0; i < 3000; i += 1) {
      const frame = i % 2 ? last : first;
      const mat = new cv.Mat(frame, ANALYSIS_HEIGHT, ANALYSIS_WIDTH, cv.CV_8UC1);
      if (detector.analyse(mat, (mask) => cv.imencode('.jpg', mask)).motion) motionFrames += 1;
      // The server's own allocations meanwhile, and its turns of the event loop between frames.
      garbage.push(Buffer.alloc(64 * 1024), ...Array.from({ length: 200 }, (_, n) => ({ n })));
      if (garbage.length > 40_000) garbage = [];
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(motionFrames).toBeGreaterThan(400);
  });
});
