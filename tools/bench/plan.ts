// What a run measures: the full plan (`npm run bench`, ~1 hour) or the quick one (`-- --quick`,
// a check that every section runs), and which sections `--only <section>[/<part>]` keeps.

type Size = [width: number, height: number];

export interface Plan {
  latencySeconds: number;
  sizes: Size[];
  h264Counts: number[];
  mjpegCounts: number[];
  scale1080pKbps: number[];
  scale1080pSessions: number;
  scaleSeconds: number;
  memorySeconds: number;
  memoryWarmUpSeconds: number;
  recordSeconds: number;
  openRepeats: number;
  motionCostSizes: Size[];
  motionCostSeconds: number;
  motionMovements: number;
  falseEventSeconds: number;
  /** Recorder: each index query (catalog, then HTTP route) this many times. */
  indexRepeats: number;
  /** Recorder: cameras with 30 days of segments each in the generated index (one is queried). */
  indexCameras: number;
  /** Recorder: seconds per continuous segment of the saved cameras. */
  recorderSegmentS: number;
  /** Recorder: from the cameras' saving to the start of a window. */
  recorderWarmUpSeconds: number;
  /** Recorder: window of the direct readers giving each row's reference rate. */
  recorderDirectSeconds: number;
  /** Recorder: 1080p25 H.264 cameras at 8 Mbit/s of the continuous-cost row, and its window. */
  continuousCameras: number;
  continuousSeconds: number;
  /** Recorder: seconds of 1080p25 footage recorded, then exported as one MP4. */
  exportSeconds: number;
  /** Recorder: seconds of frame-index footage on the timeline, and clicks measured on it. */
  seekFootageSeconds: number;
  seekClicks: number;
  /** Recorder: counts of 720p25 H.264 cameras at 2 Mbit/s tried, and the window of each. */
  capacityCounts: number[];
  capacitySeconds: number;
  /** Recorder: counts of 720p25 MJPEG cameras for each mjpeg_storage, and the window of each. */
  mjpegStorageCounts: number[];
  mjpegStorageSeconds: number;
  /** RTSP hop: session counts of one live 720p camera, the window of each. */
  hopCounts: number[];
  hopSeconds: number;
}

// --quick (a check that every section runs, a few minutes): 720p latency only, H.264 at 4
// sessions, MJPEG at 1, short windows; the recorder section in about a minute. Latency gets 8 s
// a path: with 3 s the MSE player, which catches up with the live edge over its first seconds,
// read 328 ms where the full run's 15 s read 172 ms.
const QUICK: Plan = {
  latencySeconds: 8,
  sizes: [[1280, 720]],
  h264Counts: [4],
  mjpegCounts: [1],
  scale1080pKbps: [],
  scale1080pSessions: 4,
  scaleSeconds: 3,
  memorySeconds: 30,
  memoryWarmUpSeconds: 10,
  recordSeconds: 8,
  openRepeats: 3,
  motionCostSizes: [[1280, 720]],
  motionCostSeconds: 5,
  motionMovements: 3,
  falseEventSeconds: 45,
  indexRepeats: 10,
  indexCameras: 1,
  recorderSegmentS: 4,
  recorderWarmUpSeconds: 2,
  recorderDirectSeconds: 2,
  continuousCameras: 1,
  continuousSeconds: 6,
  exportSeconds: 12,
  seekFootageSeconds: 120,
  seekClicks: 10,
  capacityCounts: [4],
  capacitySeconds: 6,
  mjpegStorageCounts: [1],
  mjpegStorageSeconds: 5,
  hopCounts: [4],
  hopSeconds: 3,
};

const FULL: Plan = {
  latencySeconds: 15,
  sizes: [
    [1280, 720],
    [1920, 1080],
  ],
  h264Counts: [1, 4, 8, 16, 32],
  mjpegCounts: [1, 4, 8, 16, 32],
  scale1080pKbps: [4000, 8000, 18000],
  scale1080pSessions: 4,
  scaleSeconds: 10,
  memorySeconds: 600,
  memoryWarmUpSeconds: 60,
  recordSeconds: 20,
  openRepeats: 10,
  motionCostSizes: [
    [1280, 720],
    [1920, 1080],
  ],
  motionCostSeconds: 15,
  motionMovements: 10,
  falseEventSeconds: 600,
  indexRepeats: 100,
  indexCameras: 4,
  recorderSegmentS: 60,
  recorderWarmUpSeconds: 15,
  recorderDirectSeconds: 10,
  continuousCameras: 4,
  continuousSeconds: 60,
  exportSeconds: 300,
  seekFootageSeconds: 600,
  seekClicks: 10,
  capacityCounts: [8, 16, 32, 48],
  capacitySeconds: 60,
  mjpegStorageCounts: [1, 4],
  mjpegStorageSeconds: 30,
  hopCounts: [8, 16],
  hopSeconds: 10,
};

export const planFor = (quick: boolean): Plan => (quick ? QUICK : FULL);

export const SECTIONS = [
  'latency',
  'scale',
  'open',
  'recorder',
  'motion',
  'memory',
  'hop',
] as const;
export type SectionName = (typeof SECTIONS)[number];

export interface RunOptions {
  quick: boolean;
  /** `--only`'s argument as given; null without it. */
  only: string | null;
  /** Whether section `name` (or its `part`, when given) is to run. */
  runs(name: SectionName, part?: string): boolean;
}

const isSection = (name: string | undefined): name is SectionName =>
  (SECTIONS as readonly string[]).includes(name ?? '');

const USAGE = [
  'npm run bench [-- --quick] [--only <section>[/<part>]]',
  '  --quick   a check that every section runs (a few minutes) instead of the full plan (~1 hour)',
  `  --only    one section: ${SECTIONS.join(', ')}; or one part, e.g. scale/h264-720p, hop/digest, recorder/seek`,
  'Builds api, web, camera-sim and bench first; writes bench-results/<timestamp>.json and .md.',
].join('\n');

/** `--quick` and `--only <section>[/<part>]` (e.g. `scale/h264-720p`), for trying one. */
export function parseRunOptions(
  argv: readonly string[],
): RunOptions | { usage: string } | { help: string } {
  if (argv.includes('--help') || argv.includes('-h')) return { help: USAGE };
  // An unknown flag (a typo of --quick) must not start an hour of measuring.
  const unknown = argv.find((arg, i) => arg.startsWith('-') && arg !== '--quick' && arg !== '--only' && argv[i - 1] !== '--only'); // prettier-ignore
  if (unknown !== undefined) return { usage: `bench: unknown option ${unknown}\n${USAGE}` };
  const quick = argv.includes('--quick');
  const only = argv.includes('--only') ? (argv[argv.indexOf('--only') + 1] ?? '') : null;
  const [onlySection, onlyPart] = only?.split('/') ?? [];
  if (only !== null && !isSection(onlySection))
    return { usage: `bench: --only takes one of ${SECTIONS.join(', ')}, got ${only}` };
  return {
    quick,
    only,
    runs: (name, part) =>
      only === null ||
      (onlySection === name && (!onlyPart || part === undefined || onlyPart === part)),
  };
}
