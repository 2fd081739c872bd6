// Runs the whole test suite: builds what the end-to-end tests serve, then the jest projects in
// two phases. First most tests on parallel workers (they wait on real-time streams far more than
// they compute), beside the reliability suite in a lane of its own (one server it loads with
// hostile requests and faults: it must not share it). Then the browser tests, in two lanes of a
// few files each, one file at a time (they measure delays and painted frames, which the crowd of
// the first phase would skew). Type-checking is `npm run typecheck` (CI runs it beside lint).
// Extra arguments go to every jest run.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';

const env = {
  ...process.env,
  NG_CLI_ANALYTICS: 'false',
  NX_NO_CLOUD: 'true',
  NX_DAEMON: 'false',
  // Jest reads the projects' jest.config.ts through ts-node, which would type-check them (3–4 s
  // of CPU per jest run for the 15 configs); typecheck does that.
  TS_NODE_TRANSPILE_ONLY: 'true',
};
const started = Date.now();
const elapsed = () => `${Math.round((Date.now() - started) / 1000)} s`;

const build = spawnSync('npx', ['nx', 'run-many', '-t', 'build', '--projects=api,web,camera-sim'], {
  stdio: 'inherit',
  env,
});
if (build.status !== 0) {
  console.error('test: the build failed');
  process.exit(1);
}

const BROWSER_DIR = 'apps/web-e2e/src';
const RELIABILITY = 'apps/api/src/reliability/';
/**
 * The browser files of the first lane (about half the time); the second lane runs the others,
 * so a new file lands there unless it is listed here. Two lanes: with three, the timeline's
 * playback tests (two videos in step, frames read in time) lost frames to the machine's load.
 */
const FIRST_BROWSER_LANE = [
  'timeline-playback',
  'recording',
  'motion',
  'retention',
  'find-cameras',
];
const browserFiles = readdirSync(BROWSER_DIR).filter((name) => name.endsWith('.e2e.spec.ts'));
const inFirstLane = (name) => FIRST_BROWSER_LANE.some((stem) => name === `${stem}.e2e.spec.ts`);
const pathsOf = (names) => names.map((name) => `${BROWSER_DIR}/${name}`);
const workers = String(Math.max(2, Math.min(4, cpus().length + 1)));
const reportDir = mkdtempSync(join(tmpdir(), 'camrec-jest-'));
const report = (name) => join(reportDir, `${name}.json`);
/**
 * Each test file's CPU time, its children's included (libs/testing/src/lib/jest/cpu-per-file.ts);
 * kept where the caller's CAMREC_CPU_LOG names, for a closer look than the summary below.
 */
env.CAMREC_CPU_LOG ||= join(reportDir, 'cpu.log');
// Each file appends its line: a log kept from an earlier run would add that run's files to this one's.
writeFileSync(env.CAMREC_CPU_LOG, '');

/** A jest run whose output lines carry its name (lanes print at once). */
function lane(name, args) {
  return new Promise((resolve) => {
    const jestArgs = ['jest', ...args, '--json', `--outputFile=${report(name)}`];
    const child = spawn('npx', [...jestArgs, ...process.argv.slice(2)], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const stream of [child.stdout, child.stderr]) {
      let rest = '';
      stream.on('data', (chunk) => {
        const lines = (rest + chunk.toString()).split('\n');
        rest = lines.pop() ?? '';
        for (const line of lines) process.stdout.write(`[${name}] ${line}\n`);
      });
      stream.on('end', () => rest && process.stdout.write(`[${name}] ${rest}\n`));
    }
    child.on('close', (code) => {
      console.log(`test: ${name} done after ${elapsed()}`);
      resolve(code ?? 1);
    });
  });
}

const codes = await Promise.all([
  lane('parallel', [
    '--maxWorkers',
    workers,
    // A worker grows to 600–700 MB over the files it runs, and every ffmpeg a test starts is
    // forked from it: the kernel copies the page tables of all that memory each time (28 ms of
    // system time per spawn from 1.5 GB, 3 ms from 50 MB). Restarted once past this (V8 heap
    // used): the lane took 486 s and 857 s of CPU instead of 554 s and 985 s (200 MB: 521 s).
    '--workerIdleMemoryLimit=350MB',
    '--testPathIgnorePatterns',
    `(${BROWSER_DIR}/|${RELIABILITY})`,
  ]),
  lane('reliability', ['--runInBand', '--testPathPatterns', RELIABILITY]),
]);
codes.push(
  ...(await Promise.all([
    lane('browser-1', ['--runInBand', ...pathsOf(browserFiles.filter(inFirstLane))]),
    lane('browser-2', [
      '--runInBand',
      ...pathsOf(browserFiles.filter((name) => !inFirstLane(name))),
    ]),
  ])),
);

/** An error's first line and the spec line it was thrown at: enough to tell which check failed. */
function firstFailure(message) {
  const lines = message.replace(/\x1b\[[0-9;]*m/g, '').split('\n');
  const at = lines.find((line) => /\.spec\.ts:\d+/.test(line))?.trim();
  return at ? `${lines[0]} (${at})` : lines[0];
}

const totals = { passed: 0, failed: 0, skipped: 0 };
/** Each file's and test's wall time, to name the slowest (what to look at when the suite nears 10 min). */
const fileSeconds = [];
const testSeconds = [];
for (const name of ['parallel', 'reliability', 'browser-1', 'browser-2']) {
  try {
    const result = JSON.parse(readFileSync(report(name), 'utf8'));
    // A suite that failed to load, or whose beforeAll/afterAll threw, has no failed test of
    // its own: jest reports it only through the suite's message. It counts as one failure.
    const brokenSuites = result.testResults.filter(
      (suite) =>
        (suite.status === 'failed' || suite.message) &&
        !suite.assertionResults.some((test) => test.status === 'failed'),
    );
    for (const suite of brokenSuites) console.error(`test: ${suite.name} failed outside its tests`);
    for (const suite of result.testResults) {
      fileSeconds.push({ file: suite.name.replace(`${process.cwd()}/`, ''), lane: name, seconds: (suite.endTime - suite.startTime) / 1000 }); // prettier-ignore
      for (const test of suite.assertionResults) testSeconds.push({ name: test.fullName, seconds: (test.duration ?? 0) / 1000 }); // prettier-ignore
      for (const test of suite.assertionResults.filter((t) => t.retryReasons?.length)) {
        console.error(`test: ${test.fullName} ${test.status} on its second run, after: ${firstFailure(test.retryReasons[0])}`); // prettier-ignore
      }
    }
    totals.passed += result.numPassedTests;
    totals.failed += result.numFailedTests + brokenSuites.length;
    totals.skipped += result.numPendingTests + result.numTodoTests;
  } catch {
    console.error(`test: the ${name} run wrote no report`);
    totals.failed += 1;
  }
}
const slowest = (list) => list.sort((a, b) => b.seconds - a.seconds).slice(0, 8);
console.log(`\ntest: the slowest files: ${slowest(fileSeconds).map((f) => `${f.file} ${Math.round(f.seconds)} s (${f.lane})`).join(', ')}`); // prettier-ignore
console.log(`test: the slowest tests: ${slowest(testSeconds).map((t) => `${t.name} ${Math.round(t.seconds)} s`).join('; ')}`); // prettier-ignore
try {
  const cpu = readFileSync(env.CAMREC_CPU_LOG, 'utf8').trim().split('\n').map((line) => JSON.parse(line)); // prettier-ignore
  const sum = (key) => Math.round(cpu.reduce((total, entry) => total + entry[key], 0));
  const top = slowest(cpu.map((entry) => ({ file: entry.file.replace(`${process.cwd()}/`, ''), seconds: entry.seconds }))); // prettier-ignore
  console.log(`test: CPU time of the test files, the processes they started included: ${sum('seconds')} s (the jest processes ${sum('own')} s, the processes they started ${sum('children')} s); the most: ${top.map((f) => `${f.file} ${Math.round(f.seconds)} s`).join(', ')}`); // prettier-ignore
} catch {
  console.log('test: no CPU time per file (it is read from /proc, Linux only)');
}
// Read: nothing else looks at the reports (the lanes' output above names what failed).
rmSync(reportDir, { recursive: true, force: true });
console.log(
  `\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped in ${elapsed()}`,
);
const status = codes.find((code) => code !== 0) ?? 0;
process.exit(status !== 0 || totals.failed > 0 ? status || 1 : 0);
