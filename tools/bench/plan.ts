// What a run measures: the full plan (`npm run bench`, ~45 min) or the quick one (`-- --quick`,
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
}

// --quick (a check that every section runs, under 5 minutes): 720p latency only, H.264 at 4
// sessions, MJPEG at 1, short windows.
const QUICK: Plan = {
  latencySeconds: 3,
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
};

export const planFor = (quick: boolean): Plan => (quick ? QUICK : FULL);

export const SECTIONS = ['latency', 'scale', 'open', 'motion', 'memory'] as const;
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

/** `--quick` and `--only <section>[/<part>]` (e.g. `scale/h264-720p`), for trying one. */
export function parseRunOptions(argv: readonly string[]): RunOptions | { usage: string } {
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
