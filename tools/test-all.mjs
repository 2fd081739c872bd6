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
try {
  const result = JSON.parse(readFileSync(report, 'utf8'));
  const skipped = result.numPendingTests + result.numTodoTests;
  console.log(
    `\n${result.numPassedTests} passed, ${result.numFailedTests} failed, ${skipped} skipped`,
  );
} catch {
  console.error('test: jest wrote no report');
}
process.exit(status);
