import { spawnSync } from 'node:child_process';
import { WORKSPACE_ROOT } from '@camrec/testing';
import { motionScene, type MotionSceneOptions } from '@camrec/testing/camera-sim';
import { ANALYSIS_HEIGHT, ANALYSIS_WIDTH } from '../grey-decoder-args';
import { loadOpenCv, type OpenCv } from '../opencv';

/** OpenCV for the tests: they need it (tools/setup.sh --with-test-deps builds it). */
export function requireOpenCv(): OpenCv {
  const load = loadOpenCv(WORKSPACE_ROOT);
  if (!load.ok) throw new Error(load.reason);
  return load.cv;
}

/**
 * Renders a lavfi scene with the real ffmpeg into raw grey frames of the analysis size, at
 * 5 fps: frame n shows the scene at n / 5 seconds.
 */
export function renderGreyFrames(scene: string, seconds: number): Buffer[] {
  const result = spawnSync(
    'ffmpeg',
    [
      ...['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', scene, '-t', String(seconds)],
      ...[
        '-vf',
        `scale=${ANALYSIS_WIDTH}:${ANALYSIS_HEIGHT},format=gray`,
        '-f',
        'rawvideo',
        'pipe:1',
      ],
    ],
    { maxBuffer: 256 * 1024 * 1024 },
  );
  if (result.status !== 0) throw new Error(`ffmpeg failed: ${result.stderr.toString()}`);
  const size = ANALYSIS_WIDTH * ANALYSIS_HEIGHT;
  const frames: Buffer[] = [];
  for (let offset = 0; offset + size <= result.stdout.length; offset += size) {
    frames.push(result.stdout.subarray(offset, offset + size));
  }
  return frames;
}

/** camera-sim's motion scene at 640×360, 5 fps (the analysis rate). */
export function scene(options: Omit<MotionSceneOptions, 'width' | 'height' | 'fps'>): string {
  return motionScene({ width: 640, height: 360, fps: 5, ...options });
}
