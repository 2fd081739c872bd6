// Jest setup (setupFilesAfterEnv of every project, beside retry-real-time-tests). With
// CAMREC_CPU_LOG set (`npm test` sets it), each test file appends to that file the CPU time its
// worker and the children the worker reaped (ffmpeg, ffprobe, the simulated cameras) spent from
// its loading to its end: on two cores the suite is bound by CPU, and `npm test` names the files
// that cost the most. Hooks a file declares at its top level after this one are not counted.
import { appendFileSync, readFileSync } from 'node:fs';

/** Linux's clock ticks per second (`getconf CLK_TCK`), the unit of /proc/<pid>/stat's times. */
const TICKS_PER_SECOND = 100;

/** User + system seconds of this process, and of its reaped children; null without /proc. */
function cpuSeconds(): { own: number; children: number } | null {
  try {
    // After the command name: utime, stime, cutime, cstime are the 12th to 15th fields.
    const [utime, stime, cutime, cstime] = readFileSync('/proc/self/stat', 'utf8')
      .split(') ')[1]
      .split(' ')
      .slice(11, 15)
      .map(Number);
    return {
      own: (utime + stime) / TICKS_PER_SECOND,
      children: (cutime + cstime) / TICKS_PER_SECOND,
    };
  } catch {
    return null;
  }
}

const log = process.env.CAMREC_CPU_LOG;
if (log) {
  const start = cpuSeconds();
  afterAll(() => {
    const end = cpuSeconds();
    if (start === null || end === null) return;
    const file = expect.getState().testPath;
    const own = end.own - start.own;
    const children = end.children - start.children;
    appendFileSync(log, `${JSON.stringify({ file, seconds: own + children, own, children })}\n`);
  });
}

export {};
