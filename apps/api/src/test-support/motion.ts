/**
 * The band of camera-sim's picture that changes in every frame (the frame-index bar and the
 * clock), as a motion exclusion zone: excluded like a real camera's timestamp overlay.
 */
export const SIM_TOP_BAND: [number, number][] = [
  [0, 0],
  [1, 0],
  [1, 0.2],
  [0, 0.2],
];
