import type { MotionBox, MotionZone } from '@camrec/shared-types';
import type { CvMat, OpenCv } from './opencv';
import { diffThreshold, type DetectorSettings } from './motion-settings';

/** What one analysed frame showed. */
export interface FrameAnalysis {
  /** Share of the picture (outside excluded zones) that changed, 0–1. */
  score: number;
  /** Changed regions at least `min_area_pct` large, in 0–1 coordinates. */
  boxes: MotionBox[];
  /** True when this frame counts as motion (some box is large enough). */
  motion: boolean;
  /** True when most of the picture changed at once: a lighting change, not motion. */
  lighting: boolean;
}

/** Above this share changed at once, the picture's light changed (cloud, IR switch, exposure). */
const LIGHTING_SHARE = 0.6;
/** A change that reaches across this much of the picture both ways is light, not an object. */
const LIGHTING_SPAN = 0.9;
/** Weight of a new frame in the running-average background: slow changes melt into it. */
const BACKGROUND_WEIGHT = 0.2;
/** Below this contrast (grey-level standard deviation) a picture is too flat to scale. */
const MIN_CONTRAST = 4;

/**
 * Frame differencing against a running-average background, as the self-hosted recorders do
 * it: blur → absdiff → threshold → exclusion mask → dilate → contours → boxes. Before the
 * difference the frame's brightness and contrast are matched to the background's (an affine
 * map from mean and standard deviation), so a picture that brightens or darkens as a whole
 * (dusk, clouds, auto exposure) does not count.
 */
export class MotionDetector {
  private background: CvMat | null = null;
  private include: CvMat | null = null;
  private includedPixels: number;
  private threshold: number;
  private minAreaPx: number;
  private readonly kernel: CvMat;
  private readonly blurSize: unknown;
  private readonly anchor;

  constructor(
    private readonly cv: OpenCv,
    readonly width: number,
    readonly height: number,
    settings: DetectorSettings,
  ) {
    this.kernel = cv.getStructuringElement(cv.MORPH_RECT, new cv.Size(3, 3));
    this.blurSize = new cv.Size(5, 5);
    this.anchor = new cv.Point2(-1, -1);
    this.includedPixels = width * height;
    this.threshold = diffThreshold(settings.sensitivity);
    this.minAreaPx = 0;
    this.configure(settings);
  }

  /** New sensitivity, minimum area or zones take effect from the next frame. */
  configure(settings: DetectorSettings): void {
    const pixels = this.width * this.height;
    this.threshold = diffThreshold(settings.sensitivity);
    this.minAreaPx = Math.max(1, (settings.min_area_pct / 100) * pixels);
    this.include = settings.zones_excluded.length
      ? this.includeMask(settings.zones_excluded)
      : null;
    this.includedPixels = this.include ? this.countIncluded(this.include) : pixels;
  }

  /** Starts again from the next frame (after a reconnect, the picture may have moved). */
  reset(): void {
    this.background = null;
  }

  /**
   * Analyses one grey frame of `width`×`height`. `mask` receives the changed-pixel mask when
   * given (the tuning view shows it).
   */
  analyse(frame: CvMat, mask?: (changed: CvMat) => void): FrameAnalysis {
    const cv = this.cv;
    const blurred = frame.gaussianBlur(this.blurSize, 0);
    if (!this.background) {
      this.background = blurred.convertTo(cv.CV_32F);
      return { score: 0, boxes: [], motion: false, lighting: false };
    }
    const background = this.background.convertTo(cv.CV_8U);
    const corrected = this.matchLight(blurred, background);
    let changed = corrected.absdiff(background).threshold(this.threshold, 255, cv.THRESH_BINARY);
    if (this.include) changed = changed.bitwiseAnd(this.include);
    changed = changed.dilate(this.kernel, this.anchor, 2);
    mask?.(changed);
    const score = Math.min(1, changed.countNonZero() / this.includedPixels);
    const contours =
      score > LIGHTING_SHARE ? [] : changed.findContours(cv.RETR_EXTERNAL, cv.CHAIN_APPROX_SIMPLE);
    const boxes = contours
      .filter((contour) => contour.area >= this.minAreaPx)
      .map((contour) => this.toBox(contour.boundingRect()));
    const spansPicture = boxes.some(([, , w, h]) => w >= LIGHTING_SPAN && h >= LIGHTING_SPAN);
    if (score > LIGHTING_SHARE || spansPicture) {
      // Re-seed: the old background no longer describes the scene.
      this.background = blurred.convertTo(cv.CV_32F);
      return { score, boxes: [], motion: false, lighting: true };
    }
    cv.accumulateWeighted(blurred, this.background, BACKGROUND_WEIGHT);
    return { score, boxes, motion: boxes.length > 0, lighting: false };
  }

  /** The frame mapped to the background's mean and contrast. */
  private matchLight(frame: CvMat, background: CvMat): CvMat {
    // Over the included area only: an excluded timestamp does not follow the light.
    const include = this.include;
    const stats = (mat: CvMat) => (include ? mat.meanStdDev(include) : mat.meanStdDev());
    const [f, b] = [stats(frame), stats(background)];
    const [fMean, fStd] = [f.mean.at(0, 0), f.stddev.at(0, 0)];
    const [bMean, bStd] = [b.mean.at(0, 0), b.stddev.at(0, 0)];
    const gain = fStd >= MIN_CONTRAST && bStd >= MIN_CONTRAST ? bStd / fStd : 1;
    return frame.convertTo(this.cv.CV_8U, gain, bMean - fMean * gain);
  }

  private toBox(rect: { x: number; y: number; width: number; height: number }): MotionBox {
    const round = (value: number) => Math.round(value * 10000) / 10000;
    return [
      round(rect.x / this.width),
      round(rect.y / this.height),
      round(rect.width / this.width),
      round(rect.height / this.height),
    ];
  }

  /** 255 where motion counts, 0 inside the excluded polygons. */
  private includeMask(zones: MotionZone[]): CvMat {
    const cv = this.cv;
    const mask = new cv.Mat(this.height, this.width, cv.CV_8UC1, 255);
    const polygons = zones.map((zone) =>
      zone.map(([x, y]) => new cv.Point2(Math.round(x * this.width), Math.round(y * this.height))),
    );
    mask.drawFillPoly(polygons, new cv.Vec3(0, 0, 0));
    return mask;
  }

  private countIncluded(mask: CvMat): number {
    let count = 0;
    for (const value of mask.getData()) if (value) count += 1;
    return Math.max(1, count);
  }
}
