// `npm start`: builds what changed (Nx caches the rest), then starts the production server.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const env = { ...process.env, NG_CLI_ANALYTICS: 'false', NX_NO_CLOUD: 'true', NX_DAEMON: 'false' };
const build = spawnSync('npx', ['nx', 'run-many', '-t', 'build', '--projects=api,web,camera-sim'], {
  stdio: 'inherit',
  env,
});
if (build.status !== 0) process.exit(build.status ?? 1);

// The server's V8 flags (apps/api/node-flags.json; README, "Node flags" says why).
const nodeFlags = JSON.parse(readFileSync('apps/api/node-flags.json', 'utf8'));
const server = spawn(process.execPath, [...nodeFlags, 'dist/apps/api/main.js'], {
  stdio: 'inherit',
  env,
});
// Forward Ctrl+C / termination so the server closes its sessions and child processes.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
