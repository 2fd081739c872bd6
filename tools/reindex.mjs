// `npm run reindex`: builds the server if needed, then indexes the videos folder again
// (README, "The index, backups and re-indexing"). Stop the server first.
import { spawnSync } from 'node:child_process';

const env = { ...process.env, NG_CLI_ANALYTICS: 'false', NX_NO_CLOUD: 'true', NX_DAEMON: 'false' };
const build = spawnSync('npx', ['nx', 'run', 'api:build'], { stdio: 'inherit', env });
if (build.status !== 0) process.exit(build.status ?? 1);
const run = spawnSync(process.execPath, ['dist/apps/api/main.js', 'reindex'], {
  stdio: 'inherit',
  env,
});
process.exit(run.status ?? 1);
