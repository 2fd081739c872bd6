import { createRequire } from 'node:module';
import { join } from 'node:path';

/**
 * The part of `@u4/opencv4nodejs` motion analysis uses. Declared here because the module is
 * optional (built by `tools/setup.sh --with-test-deps` into `tools/opencv/node_modules`): the
 * server must compile and run without it.
 *
 * Only the synchronous calls: the binding's `*Async` calls abort the process in V8's garbage
 * collector (`Check failed: marking_done_` in `CppHeap::TraceEpilogue`) within seconds under
 * allocation load, while the same calls made synchronously ran 170,000 frames clean. On the
 * small grey frames motion analyses, a synchronous call costs well under a millisecond.
 */
export interface CvPoint2 {
  x: number;
  y: number;
}
export interface CvRect {
  x: number;
  y: number;
  width: number;
  height: number;
}
export interface CvContour {
  readonly area: number;
  boundingRect(): CvRect;
}
export interface CvVec4 {
  w: number;
  x: number;
  y: number;
  z: number;
}
export interface CvMat {
  readonly rows: number;
  readonly cols: number;
  absdiff(other: CvMat): CvMat;
  bitwiseAnd(other: CvMat): CvMat;
  at(row: number, col: number): number;
  meanStdDev(mask?: CvMat): { mean: CvMat; stddev: CvMat };
  getData(): Buffer;
  convertTo(type: number, alpha?: number, beta?: number): CvMat;
  gaussianBlur(size: unknown, sigmaX: number): CvMat;
  threshold(thresh: number, maxVal: number, type: number): CvMat;
  dilate(kernel: CvMat, anchor?: CvPoint2, iterations?: number): CvMat;
  countNonZero(): number;
  findContours(mode: number, method: number): CvContour[];
  resize(rows: number, cols: number): CvMat;
  drawFillPoly(points: CvPoint2[][], color?: unknown): void;
}
export interface OpenCv {
  readonly version: { major: number; minor: number; revision: number };
  readonly CV_8UC1: number;
  readonly CV_8U: number;
  readonly CV_32F: number;
  readonly THRESH_BINARY: number;
  readonly RETR_EXTERNAL: number;
  readonly CHAIN_APPROX_SIMPLE: number;
  readonly MORPH_RECT: number;
  readonly IMREAD_GRAYSCALE: number;
  readonly IMREAD_REDUCED_GRAYSCALE_2: number;
  readonly IMREAD_REDUCED_GRAYSCALE_4: number;
  readonly IMREAD_REDUCED_GRAYSCALE_8: number;
  Mat: {
    new (rows: number, cols: number, type: number, fill?: number): CvMat;
    new (data: Buffer, rows: number, cols: number, type?: number): CvMat;
  };
  Size: new (width: number, height: number) => unknown;
  Point2: new (x: number, y: number) => CvPoint2;
  Vec3: new (x: number, y: number, z: number) => unknown;
  getStructuringElement(shape: number, size: unknown): CvMat;
  imdecode(data: Buffer, flags?: number): CvMat;
  imencode(ext: string, mat: CvMat): Buffer;
  accumulateWeighted(src: CvMat, dst: CvMat, alpha: number): void;
}

export type OpenCvLoad = { ok: true; cv: OpenCv; version: string } | { ok: false; reason: string };
/** Where the binding is, found without loading it. */
export type OpenCvFind = { ok: true; path: string } | { ok: false; reason: string };

export const OPENCV_MODULE = '@u4/opencv4nodejs';

/** Where `tools/setup.sh --with-test-deps` builds the module, relative to the project root. */
export const OPENCV_INSTALL_DIR = join('tools', 'opencv');

const loaded = new Map<string, OpenCvLoad>();

/**
 * Looks for the module in `tools/opencv/node_modules` under `projectRoot` (where the server is
 * installed: not the working folder, which a service sets to its data folder), then in the
 * normal module path, without loading it: loading costs a server ~95 MB and a second of CPU
 * (measured on 2026-12-07: 245 against 148 MB resident after start), worth paying only once a
 * camera analyses motion. Never throws: when the module is missing, the result says why.
 */
export function findOpenCv(projectRoot: string): OpenCvFind {
  // Both the build folder and the app's own modules, so a global install also works.
  const searchFrom = [join(projectRoot, OPENCV_INSTALL_DIR), projectRoot];
  try {
    const path = requireFrom(projectRoot).resolve(OPENCV_MODULE, { paths: searchFrom });
    return { ok: true, path };
  } catch {
    return {
      ok: false,
      reason:
        `OpenCV is not installed (${OPENCV_MODULE} not found): run ` +
        '`bash tools/setup.sh --with-test-deps` (see README, "Motion detection")',
    };
  }
}

/**
 * The one way the server reaches OpenCV: finds the module (`findOpenCv`) and loads it, once
 * per `projectRoot`. Never throws: when the module is missing or its native part does not load,
 * the result says why in words for `/health`.
 */
export function loadOpenCv(projectRoot: string): OpenCvLoad {
  let load = loaded.get(projectRoot);
  if (!load) {
    load = tryLoad(projectRoot);
    loaded.set(projectRoot, load);
  }
  return load;
}

function tryLoad(projectRoot: string): OpenCvLoad {
  const found = findOpenCv(projectRoot);
  if (!found.ok) return found;
  const { path } = found;
  try {
    // The binding's helper package logs its build settings on every load; the server's log
    // is no place for them.
    const buildHelper = createRequire(path)('@u4/opencv-build') as { Log?: { silence: boolean } };
    if (buildHelper.Log) buildHelper.Log.silence = true;
    const cv = requireFrom(projectRoot)(path) as OpenCv;
    const { major, minor, revision } = cv.version;
    return { ok: true, cv, version: `${major}.${minor}.${revision}` };
  } catch (error) {
    return {
      ok: false,
      reason: `OpenCV could not be loaded from ${path}: ${firstLine((error as Error).message)}`,
    };
  }
}

function requireFrom(projectRoot: string): NodeJS.Require {
  return createRequire(join(projectRoot, 'package.json'));
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}
