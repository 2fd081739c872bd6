import { MotionTracker } from './motion-tracker';

describe('MotionTracker', () => {
  const frames = (tracker: MotionTracker, from: number, count: number, motion: boolean) =>
    Array.from({ length: count }, (_, i) =>
      tracker.frame(from + i * 200, motion, motion ? 0.1 : 0),
    ).flat();

  it('starts an event only after the consecutive motion frames, dated from the first', () => {
    const tracker = new MotionTracker({ startFrames: 3, postRollMs: 1000 });
    expect(frames(tracker, 0, 2, true)).toEqual([]);
    expect(tracker.frame(400, false, 0)).toEqual([]);
    expect(frames(tracker, 600, 2, true)).toEqual([]);
    expect(tracker.frame(1000, true, 0.3)).toEqual([
      { kind: 'event-started', startedAt: 600, stillAt: 400 },
    ]);
    expect(tracker.active(1000)).toBe(true);
  });

  it('extends the event with motion inside the post-roll and ends it after a quiet post-roll', () => {
    const tracker = new MotionTracker({ startFrames: 2, postRollMs: 1000 });
    frames(tracker, 0, 2, true);
    expect(frames(tracker, 400, 4, false)).toEqual([]);
    tracker.frame(1200, true, 0.5);
    expect(frames(tracker, 1400, 4, false)).toEqual([]);
    expect(tracker.frame(2200, false, 0)).toEqual([
      { kind: 'event-ended', startedAt: 0, endedAt: 1200, peakScore: 0.5 },
    ]);
    expect(tracker.inEvent).toBe(false);
    expect(tracker.active(2200)).toBe(false);
  });

  it('ends an event by tick when frames stop arriving', () => {
    const tracker = new MotionTracker({ startFrames: 1, postRollMs: 500 });
    tracker.frame(0, true, 0.2);
    expect(tracker.tick(400)).toBeNull();
    expect(tracker.tick(500)).toEqual({
      kind: 'event-ended',
      startedAt: 0,
      endedAt: 0,
      peakScore: 0.2,
    });
  });
});
