// When each frame is due. Variable frame rate cycles through fixed multiples of the nominal
// interval: irregular enough to measure in a recording, yet the same on every run.

export const VFR_INTERVAL_FACTORS: readonly number[] = [0.5, 1, 1.5, 2];

/** Milliseconds between frame `index` and frame `index + 1`. */
export function frameIntervalMs(index: number, fps: number, vfr: boolean): number {
  const nominal = 1000 / fps;
  return vfr ? nominal * VFR_INTERVAL_FACTORS[index % VFR_INTERVAL_FACTORS.length] : nominal;
}

/**
 * The due time of the frame after one that was due at `due` and emitted at `now`. A camera that
 * fell far behind (a stalled renderer) resumes from now instead of bursting to catch up.
 */
export function nextDueMs(due: number, now: number, intervalMs: number): number {
  const next = due + intervalMs;
  return next < now - intervalMs ? now : next;
}
