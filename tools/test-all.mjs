// Runs the whole test suite: builds what the end-to-end tests serve, type-checks every project
// (jest only transpiles), then the jest projects in two passes: most tests on parallel workers
// (they wait on real-time streams far more than they compute), then the browser tests and the
// reliability suite one file at a time (they measure delays, memory and CPU-bound recovery,
// which other tests' load would skew). Extra arguments go to both jest passes.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';

const env = { ...process.env, NG_CLI_ANALYTICS: 'false', NX_NO_CLOUD: 'true', NX_DAEMON: 'false' };
const run = (command, args) => spawnSync(command, args, { stdio: 'inherit', env }).status ?? 1;

if (run('npx', ['nx', 'run-many', '-t', 'build', '--projects=api,web,camera-sim']) !== 0) {
  console.error('test: the build failed');
  process.exit(1);
}
if (run('npx', ['nx', 'run-many', '-t', 'typecheck', '--parallel=2']) !== 0) {
  console.error('test: the type-check failed');
  process.exit(1);
}

/** Paths the serial pass runs; the parallel pass runs everything else. */
const SERIAL = '(apps/web-e2e/|apps/api/src/reliability/)';
const workers = String(Math.max(2, Math.min(4, cpus().length + 1)));
const reportDir = mkdtempSync(join(tmpdir(), 'camrec-jest-'));
const passes = [
  ['parallel', ['--maxWorkers', workers, '--testPathIgnorePatterns', SERIAL]],
  ['serial', ['--runInBand', '--testPathPatterns', SERIAL]],
];

let status = 0;
const totals = { passed: 0, failed: 0, skipped: 0 };
for (const [name, args] of passes) {
  const report = join(reportDir, `${name}.json`);
  const code = run('npx', [
    'jest',
    ...args,
    '--json',
    `--outputFile=${report}`,
    ...process.argv.slice(2),
  ]);
  status ||= code;
  try {
    const result = JSON.parse(readFileSync(report, 'utf8'));
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
console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(status !== 0 || totals.failed > 0 ? status || 1 : 0);
