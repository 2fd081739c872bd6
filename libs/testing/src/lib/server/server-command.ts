import { dirname, join } from 'node:path';
import { SERVER_NODE_FLAGS, BUILT_SERVER, WORKSPACE_ROOT } from './workspace';

/**
 * Which server to run: `built` is the production build (what `npm start` and the service run);
 * `sources` is its TypeScript through ts-node (transpile-only, with the workspace aliases), for
 * a test that must see the sources as they are without a build.
 */
export type ServerBuild = 'built' | 'sources';

/** Arguments for `spawn(process.execPath, args, { cwd, env })`. */
export interface ServerCommand {
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/**
 * How to run the server on `configFile`. The built server runs in the config file's folder, so
 * that whatever it writes beside its videos lands there, not in the repository; from sources it
 * runs from the repository's root, where ts-node and the dashboard's fallback path are found.
 * The environment is PATH and CAMREC_CONFIG only: HOST, PORT, VIDEOS_DIR or LOG_LEVEL in the
 * shell of whoever runs the tests would otherwise override the test's config file.
 */
export function serverCommand({
  configFile,
  from = 'built',
  nodeArgs = [],
}: {
  configFile: string;
  from?: ServerBuild;
  /** More node flags, after the launchers' own (a V8 flag given here wins). */
  nodeArgs?: string[];
}): ServerCommand {
  const env = { PATH: process.env['PATH'], CAMREC_CONFIG: configFile };
  const flags = [...SERVER_NODE_FLAGS, ...nodeArgs];
  if (from === 'built') {
    return { args: [...flags, BUILT_SERVER], cwd: dirname(configFile), env };
  }
  return {
    args: [
      ...flags,
      '-r',
      'ts-node/register/transpile-only',
      '-r',
      'tsconfig-paths/register',
      join('apps', 'api', 'src', 'main.ts'),
    ],
    cwd: WORKSPACE_ROOT,
    env: { ...env, TS_NODE_PROJECT: 'apps/api/tsconfig.app.json' },
  };
}
