// Runs the whole test suite: builds what the end-to-end tests serve, then every jest project
// in one process, one test file at a time (the media tests run real ffmpeg on 2 cores).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const env = { ...process.env, NG_CLI_ANALYTICS: 'false', NX_NO_CLOUD: 'true', NX_DAEMON: 'false' };
const run = (command, args) => spawnSync(command, args, { stdio: 'inherit', env }).status ?? 1;

if (run('npx', ['nx', 'run-many', '-t', 'build', '--projects=api,web,camera-sim']) !== 0) {
  console.error('test: the build failed');
  process.exit(1);
}
const report = join(mkdtempSync(join(tmpdir(), 'camrec-jest-')), 'report.json');
const status = run('npx', [
  'jest',
  '--runInBand',
  '--json',
  `--outputFile=${report}`,
  ...process.argv.slice(2),
]);
let failed = 1;
try {
  const result = JSON.parse(readFileSync(report, 'utf8'));
  // A suite that failed to load, or whose beforeAll/afterAll threw, has no failed test of its
  // own: jest reports it only through the suite's message. It counts as one failure.
  const brokenSuites = result.testResults.filter(
    (suite) =>
      (suite.status === 'failed' || suite.message) &&
      !suite.assertionResults.some((test) => test.status === 'failed'),
  );
  for (const suite of brokenSuites) console.error(`test: ${suite.name} failed outside its tests`);
  failed = result.numFailedTests + brokenSuites.length;
  const skipped = result.numPendingTests + result.numTodoTests;
  console.log(`\n${result.numPassedTests} passed, ${failed} failed, ${skipped} skipped`);
} catch {
  console.error('test: jest wrote no report');
}
process.exit(status !== 0 || failed > 0 ? status || 1 : 0);
