// Runs the whole test suite: builds what the end-to-end tests serve, type-checks every project
// (jest only transpiles), then the jest projects: most tests on parallel workers (they wait on
// real-time streams far more than they compute), then the browser tests and the reliability
// suite, each one file at a time in a lane of its own, the two lanes side by side (they measure
// delays, memory and CPU-bound recovery, which a crowd of other tests' load would skew; one
// neighbour is what CI's 2 cores carry). Extra arguments go to every jest run.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';

const env = { ...process.env, NG_CLI_ANALYTICS: 'false', NX_NO_CLOUD: 'true', NX_DAEMON: 'false' };
const run = (command, args) => spawnSync(command, args, { stdio: 'inherit', env }).status ?? 1;
const started = Date.now();
const elapsed = () => `${Math.round((Date.now() - started) / 1000)} s`;

if (run('npx', ['nx', 'run-many', '-t', 'build', '--projects=api,web,camera-sim']) !== 0) {
  console.error('test: the build failed');
  process.exit(1);
}
if (run('npx', ['nx', 'run-many', '-t', 'typecheck', '--parallel=2']) !== 0) {
  console.error('test: the type-check failed');
  process.exit(1);
}

const BROWSER = 'apps/web-e2e/';
const RELIABILITY = 'apps/api/src/reliability/';
const workers = String(Math.max(2, Math.min(4, cpus().length + 1)));
const reportDir = mkdtempSync(join(tmpdir(), 'camrec-jest-'));
const report = (name) => join(reportDir, `${name}.json`);
const jestArgs = (name, args) => [
  'jest',
  ...args,
  '--json',
  `--outputFile=${report(name)}`,
  ...process.argv.slice(2),
];

/** A jest run whose output lines carry its lane's name (two lanes print at once). */
function lane(name, args) {
  return new Promise((resolve) => {
    const child = spawn('npx', jestArgs(name, args), { env, stdio: ['ignore', 'pipe', 'pipe'] });
    for (const stream of [child.stdout, child.stderr]) {
      let rest = '';
      stream.on('data', (chunk) => {
        const lines = (rest + chunk.toString()).split('\n');
        rest = lines.pop() ?? '';
        for (const line of lines) process.stdout.write(`[${name}] ${line}\n`);
      });
      stream.on('end', () => rest && process.stdout.write(`[${name}] ${rest}\n`));
    }
    child.on('close', (code) => resolve(code ?? 1));
  });
}

const parallel = run(
  'npx',
  jestArgs('parallel', [
    '--maxWorkers',
    workers,
    '--testPathIgnorePatterns',
    `(${BROWSER}|${RELIABILITY})`,
  ]),
);
console.log(`test: parallel pass done after ${elapsed()}`);
const lanes = await Promise.all([
  lane('browser', ['--runInBand', '--testPathPatterns', BROWSER]),
  lane('reliability', ['--runInBand', '--testPathPatterns', RELIABILITY]),
]);
console.log(`test: browser and reliability lanes done after ${elapsed()}`);

const status = parallel || lanes.find((code) => code !== 0) || 0;
const totals = { passed: 0, failed: 0, skipped: 0 };
for (const name of ['parallel', 'browser', 'reliability']) {
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
    totals.passed += result.numPassedTests;
    totals.failed += result.numFailedTests + brokenSuites.length;
    totals.skipped += result.numPendingTests + result.numTodoTests;
  } catch {
    console.error(`test: the ${name} pass wrote no report`);
    totals.failed += 1;
  }
}
console.log(
  `\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped in ${elapsed()}`,
);
process.exit(status !== 0 || totals.failed > 0 ? status || 1 : 0);
