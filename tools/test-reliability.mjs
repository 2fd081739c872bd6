// `npm run test:reliability`: builds the server, then runs the reliability suite in full (a
// 10-minute soak); the suite itself writes RELIABILITY.md. `npm test` runs it without the soak.
import { spawnSync } from 'node:child_process';

const env = {
  ...process.env,
  NG_CLI_ANALYTICS: 'false',
  NX_NO_CLOUD: 'true',
  NX_DAEMON: 'false',
  CAMREC_RELIABILITY: 'full',
};
const run = (command, args) => spawnSync(command, args, { stdio: 'inherit', env }).status ?? 1;

if (run('npx', ['nx', 'run-many', '-t', 'build', '--projects=api,web']) !== 0) {
  console.error('test:reliability: the build failed');
  process.exit(1);
}
process.exit(
  run('npx', ['jest', '-c', 'apps/api/jest.config.ts', '--runInBand', 'apps/api/src/reliability']),
);
