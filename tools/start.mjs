// `npm start`: builds what changed (Nx caches the rest), then starts the production server.
import { spawn, spawnSync } from 'node:child_process';

const env = { ...process.env, NG_CLI_ANALYTICS: 'false', NX_NO_CLOUD: 'true', NX_DAEMON: 'false' };
const build = spawnSync('npx', ['nx', 'run-many', '-t', 'build', '--projects=api,web,camera-sim'], {
  stdio: 'inherit',
  env,
});
if (build.status !== 0) process.exit(build.status ?? 1);

const server = spawn(process.execPath, ['dist/apps/api/main.js'], { stdio: 'inherit', env });
// Forward Ctrl+C / termination so the server closes its sessions and child processes.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
