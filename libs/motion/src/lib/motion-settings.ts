import type { MotionSettings, MotionZone } from '@camrec/shared-types';

export const DEFAULT_MOTION_SETTINGS: MotionSettings = {
  enabled: false,
  sensitivity: 50,
  min_area_pct: 0.5,
  zones_excluded: [],
  record: false,
  pre_roll_s: 5,
  post_roll_s: 10,
};

/** What the detector needs from the settings. */
export interface DetectorSettings {
  sensitivity: number;
  min_area_pct: number;
  zones_excluded: MotionZone[];
}

/**
 * Grey-level difference (0–255) from the background that counts as changed: sensitivity 100
 * catches a change of 10 levels, 1 only one of about 60. Below 10 a camera's own noise would
 * count, even after the blur.
 */
export function diffThreshold(sensitivity: number): number {
  const clamped = Math.min(100, Math.max(1, sensitivity));
  return Math.round(10 + (100 - clamped) * 0.5);
}
