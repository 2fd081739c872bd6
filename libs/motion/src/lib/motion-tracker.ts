export interface MotionTrackerOptions {
  /** Consecutive motion frames before an event starts (hysteresis against flicker). */
  startFrames: number;
  /** An event ends once this long passed without motion (the post-roll). */
  postRollMs: number;
  /** `active` stays true this long after the last motion frame, so the badge does not blink. */
  activeHoldMs?: number;
}

export type TrackerChange =
  /**
   * `startedAt`: the first motion frame. `stillAt`: the last frame without motion before it
   * (the motion began in between, so a pre-roll counts from there).
   */
  | { kind: 'event-started'; startedAt: number; stillAt: number }
  | { kind: 'event-ended'; startedAt: number; endedAt: number; peakScore: number };

const DEFAULT_ACTIVE_HOLD_MS = 1000;

/**
 * Turns per-frame motion into events: an event starts after `startFrames` consecutive motion
 * frames (dated from the first of them) and ends when `postRollMs` passed without motion;
 * motion within the post-roll extends the same event. Times are wall-clock ms.
 */
export class MotionTracker {
  private run = 0;
  private runStartedAt = 0;
  private stillAt: number | null = null;
  private runStillAt = 0;
  private event: { startedAt: number; lastMotionAt: number; peakScore: number } | null = null;
  private lastMotionAt = -Infinity;

  constructor(private options: MotionTrackerOptions) {}

  get inEvent(): boolean {
    return this.event !== null;
  }

  /** True while motion is seen (and for a short hold after it). */
  active(now: number): boolean {
    return now - this.lastMotionAt < (this.options.activeHoldMs ?? DEFAULT_ACTIVE_HOLD_MS);
  }

  setPostRoll(postRollMs: number): void {
    this.options = { ...this.options, postRollMs };
  }

  /** One analysed frame. */
  frame(now: number, motion: boolean, score: number): TrackerChange[] {
    const changes: TrackerChange[] = [];
    if (!motion) {
      this.run = 0;
      this.stillAt = now;
      const ended = this.tick(now);
      if (ended) changes.push(ended);
      return changes;
    }
    if (this.run === 0) {
      this.runStartedAt = now;
      this.runStillAt = this.stillAt ?? now;
    }
    this.run += 1;
    if (this.event) {
      this.event.lastMotionAt = now;
      this.event.peakScore = Math.max(this.event.peakScore, score);
      this.lastMotionAt = now;
    } else if (this.run >= this.options.startFrames) {
      this.event = { startedAt: this.runStartedAt, lastMotionAt: now, peakScore: score };
      this.lastMotionAt = now;
      changes.push({
        kind: 'event-started',
        startedAt: this.runStartedAt,
        stillAt: this.runStillAt,
      });
    }
    return changes;
  }

  /** Ends the event once its post-roll has passed; call it also when frames stop coming. */
  tick(now: number): TrackerChange | null {
    const event = this.event;
    if (!event || now - event.lastMotionAt < this.options.postRollMs) return null;
    return this.finish();
  }

  /** Ends the event now (the session closes, motion is switched off). */
  finish(): TrackerChange | null {
    const event = this.event;
    this.event = null;
    this.run = 0;
    this.lastMotionAt = -Infinity;
    if (!event) return null;
    return {
      kind: 'event-ended',
      startedAt: event.startedAt,
      endedAt: event.lastMotionAt,
      peakScore: event.peakScore,
    };
  }
}
