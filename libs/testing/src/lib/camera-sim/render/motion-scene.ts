// Scenes for motion tests: a textured still picture with camera noise, where a box starts
// moving at known seconds, or whose brightness ramps. Used as a camera's `scene` option.

export interface MotionSceneOptions {
  width: number;
  height: number;
  fps: number;
  /**
   * The box stands still until this second of the picture, then moves. With several seconds it
   * moves once from each, alternately right and back left, so it stays in the picture.
   */
  moveAtS?: number | readonly number[];
  /** How long each movement lasts before the box stands still again; default 2 s. */
  moveForS?: number;
  /**
   * Each movement starts from rest and speeds up steadily to the usual speed (covering half the
   * distance), so the changed area, the motion score, grows through the movement. Default
   * false: the usual speed throughout.
   */
  accelerate?: boolean;
  /** Brightness added per second to the whole picture (0–1 of full scale); default 0. */
  brightnessPerS?: number;
  /** At this second the whole picture jumps brighter and flatter, as when IR switches. */
  lightSwitchAtS?: number;
}

/**
 * A lavfi source graph (output `out0`) of `width`×`height` at `fps`. Grey levels stay within
 * 40–140 apart from the box, so a ramp has room before it clips. Frame n shows second n / fps.
 */
export function motionScene(options: MotionSceneOptions): string {
  const { width: w, height: h, fps } = options;
  const px = (share: number, of: number) => Math.round(share * of);
  const box = Math.max(8, px(0.125, w));
  const moveFor = options.moveForS ?? 2;
  const speed = px(0.25, w);
  // Seconds into a movement, or when accelerating the distance covered in them as seconds at
  // the usual speed: s²/(2·moveFor).
  const progress = (at: number) =>
    options.accelerate
      ? `pow(clip(t-${at},0,${moveFor}),2)/${2 * moveFor}`
      : `clip(t-${at},0,${moveFor})`;
  const moves = [options.moveAtS ?? []].flat().map(
    // Movement k: the box covers `speed` px per second for `moveFor` s, right then back left.
    (at, k) => `${k % 2 ? '-' : '+'}${progress(at)}*${speed}`,
  );
  const x = `${px(0.1, w)}${moves.join('')}`;
  const filters = [
    `drawbox=x=${px(0.06, w)}:y=${px(0.55, h)}:w=${px(0.3, w)}:h=${px(0.33, h)}:color=0x282828:t=fill`,
    `drawbox=x=${px(0.62, w)}:y=${px(0.25, h)}:w=${px(0.28, w)}:h=${px(0.28, h)}:color=0x8c8c8c:t=fill`,
  ];
  const light = [];
  if (options.brightnessPerS) light.push(`eq=brightness='${options.brightnessPerS}*t':eval=frame`);
  if (options.lightSwitchAtS !== undefined) {
    const on = `gte(t,${options.lightSwitchAtS})`;
    light.push(`eq=brightness='0.2*${on}':contrast='1-0.3*${on}':eval=frame`);
  }
  return [
    `color=c=0x5a5a5a:size=${w}x${h}:rate=${fps},${filters.join(',')}[bg]`,
    `color=c=0xb4b4b4:size=${box}x${box}:rate=${fps}[box]`,
    `[bg][box]overlay=x='${x}':y=${px(0.33, h)},${[...light, 'noise=alls=10:allf=t'].join(',')}[out0]`,
  ].join(';');
}
