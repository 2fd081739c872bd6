import { spawnSync } from 'node:child_process';
import { ANALYSIS_HEIGHT, ANALYSIS_WIDTH } from '../grey-decoder-args';
import { loadOpenCv, type OpenCv } from '../opencv';

/** OpenCV for the tests: they need it (tools/setup.sh --with-test-deps builds it). */
export function requireOpenCv(): OpenCv {
  const load = loadOpenCv();
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

/**
 * A textured still scene (grey levels 40–140: room to brighten without clipping) with camera
 * noise; `extra` filters are applied after it (a box, a brightness ramp).
 */
export function stillScene(extra: string[] = [], fps = 5): string {
  return [
    `color=c=0x5a5a5a:size=640x360:rate=${fps}`,
    'drawbox=x=40:y=200:w=200:h=120:color=0x282828:t=fill',
    'drawbox=x=400:y=40:w=180:h=140:color=0x8c8c8c:t=fill',
    'drawbox=x=300:y=250:w=60:h=60:color=0x3c3c3c:t=fill',
    ...extra,
    'noise=alls=10:allf=t',
  ].join(',');
}

/** A white box that stands still until `startS`, then moves right at `pxPerS`. */
export function movingBox(startS: number, pxPerS = 160, y = 120): string {
  return `drawbox=x='if(lt(t,${startS}),60,60+(t-${startS})*${pxPerS})':y=${y}:w=80:h=80:color=0xe6e6e6:t=fill`;
}
