import type { Page } from 'playwright-core';
import type { Footage } from './footage';
import type { PaintedFrame, PlaybackProbe } from './playback-probe';
import type { TimelineView } from './timeline-page';
import { waitFor } from '@camrec/testing';

export interface Click {
  requested: number;
  expected: number;
  /** The first frame painted after the click that shows the footage there. */
  first: PaintedFrame;
  /** Frames painted between the click and it (the old position's). */
  before: PaintedFrame[];
  delayMs: number;
  /**
   * Frames painted unseen (without a callback) from the last frame before the click to the
   * first: the instant's first frame may have been one of them.
   */
  unseenFrames: number;
  /** Frames dropped (never shown) from the last frame before the click to the first. */
  droppedFrames: number;
  /**
   * Whole frame durations between the first frame's presentation and the reading of its
   * pixels: a page the machine did not schedule in time reads a later picture.
   */
  lateFrames: number;
}

/**
 * How many frames before `first` the instant's first frame may have been: 0 when every frame
 * from the click on was shown, seen and read in time (the click was measured exactly).
 */
export function uncertainFrames(click: Click): number {
  return click.unseenFrames + click.droppedFrames + click.lateFrames;
}

/** Clicks the timeline at `target` and watches the frames painted after it. */
export async function clickAndWatch(
  view: TimelineView,
  probe: PlaybackProbe,
  footage: Footage,
  target: number,
): Promise<Click> {
  const framesBefore = await probe.frameCount();
  const pressesBefore = (await probe.presses()).length;
  const previous = await view.requestedMs();
  await view.clickAt(target);
  const pressedAt = (await probe.presses())[pressesBefore];
  const requested = await waitFor('the click to be taken', async () => {
    const ms = await view.requestedMs();
    return ms !== previous ? ms : undefined;
  });
  // The click's instant is the pixel's: within a pixel of the one aimed at.
  const { startMs, endMs } = await view.view();
  if (Math.abs(requested - target) >= (endMs - startMs) / 500) {
    throw new Error(
      `a click aimed at ${new Date(target).toISOString()} asked for ${new Date(requested).toISOString()}`,
    );
  }
  /** The frames painted after the click so far, for a miss to name. */
  let after: PaintedFrame[] = [];
  return waitFor(
    `the first frame near ${new Date(requested).toISOString()}`,
    async () => {
      // From the last frame painted before the click, to tell whether any went unseen.
      const frames = await probe.frames(Math.max(0, framesBefore - 1));
      after = frames.filter((f) => f.presentedAt >= pressedAt);
      const i = after.findIndex(
        (f) => Math.abs(instantOf(f) - requested) < 1500 && f.index !== null,
      );
      if (i < 0) return undefined;
      const chain = [
        ...frames.filter((f) => f.presentedAt < pressedAt).slice(-1),
        ...after.slice(0, i + 1),
      ];
      return {
        requested,
        expected: footage.frameAt(requested),
        first: after[i],
        before: after.slice(0, i),
        delayMs: after[i].presentedAt - pressedAt,
        unseenFrames: chain
          .slice(1)
          .reduce((sum, f, k) => sum + f.presentedFrames - chain[k].presentedFrames - 1, 0),
        // (A player's new <video> counts from 0 again.)
        droppedFrames: Math.max(0, after[i].droppedFrames - chain[0].droppedFrames),
        lateFrames: Math.floor((after[i].readAt - after[i].presentedAt) / (1000 / footage.fps)),
      };
    },
    {
      timeoutMs: 10_000,
      intervalMs: 50,
      lastSeen: () => `painted after the click: ${describePainted(after)}`,
    },
  );
}

function describePainted(frames: PaintedFrame[]): string {
  const last = frames.at(-1);
  if (!last) return 'nothing';
  return `${frames.length} frames, the last at ${new Date(instantOf(last)).toISOString()} (index ${last.index})`;
}

/** The instant a painted frame shows, Unix ms. */
export function instantOf(frame: PaintedFrame): number {
  return frame.originMs + frame.mediaTime * 1000;
}

/** The frame recorded at a painted frame's media time (what its pixels should show). */
export function frameOf(footage: Footage, frame: PaintedFrame): number {
  return footage.frameAt(instantOf(frame) + 1);
}

export interface SeekMeasurement {
  clicks: Click[];
  /** Click → first frame of the instant painted, ms, one per target. */
  delaysMs: number[];
  medianMs: number;
  p95Ms: number;
  /** One line per click: what was asked, what was painted, how soon. */
  report: string[];
}

/**
 * Clicks the timeline at each of `targets` (in view, with footage) and measures each click to
 * the first painted frame of the instant clicked. A page the machine does not schedule (other
 * work running) coalesces frame callbacks or runs them late: a click whose first frames went
 * unseen, or whose first frame was read late, is measured again a few seconds later (up to
 * `retries` times), so that the delay and the picture are the first frame's.
 */
export async function measureSeeks(
  page: Page,
  view: TimelineView,
  probe: PlaybackProbe,
  footage: Footage,
  targets: number[],
  retries = 5,
): Promise<SeekMeasurement> {
  const clicks: Click[] = [];
  for (const target of targets) {
    let click = await clickAndWatch(view, probe, footage, target);
    for (let retry = 0; retry < retries && uncertainFrames(click) > 0; retry++) {
      await page.waitForTimeout(300);
      click = await clickAndWatch(view, probe, footage, retryTarget(footage, target, retry + 1));
    }
    clicks.push(click);
    await page.waitForTimeout(400);
  }
  const delaysMs = clicks.map((click) => click.delayMs);
  const report = clicks.map(
    ({ requested, expected, first, before, unseenFrames, droppedFrames, lateFrames }) =>
      `${new Date(requested).toISOString()}: expected frame ${expected}, painted ${first.index} ` +
      `(${instantOf(first) - requested} ms from the instant, painted frame #${first.presentedFrames}` +
      `${before.length ? `, after #${before.map((f) => `${f.presentedFrames} ${f.index}`).join(', #')}` : ''}` +
      `${unseenFrames ? `, ${unseenFrames} frames before it unseen` : ''}` +
      `${droppedFrames ? `, ${droppedFrames} dropped` : ''}` +
      `${lateFrames ? `, read ${(first.readAt - first.presentedAt).toFixed(0)} ms late` : ''})`,
  );
  return {
    clicks,
    delaysMs,
    medianMs: percentileOf(delaysMs, 50),
    p95Ms: percentileOf(delaysMs, 95),
    report,
  };
}

/**
 * Where the n-th retry of a click at `target` aims: 3 s on per retry, or as far back when that
 * would leave less than 5 s of footage (five retries of a click 14 s before the end reached
 * past it, where nothing is painted).
 */
function retryTarget(footage: Footage, target: number, n: number): number {
  const later = target + n * 3_000;
  return later < footage.endMs - 5_000 ? later : target - n * 3_000;
}

/** The p-th percentile, interpolated between the two nearest values (the median of 10 is the mean of the 5th and 6th). */
function percentileOf(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (!sorted.length) return NaN;
  const at = ((sorted.length - 1) * p) / 100;
  const low = Math.floor(at);
  const high = Math.ceil(at);
  return sorted[low] + (sorted[high] - sorted[low]) * (at - low);
}
