import { dirname } from 'node:path';
import { SERVER_NODE_FLAGS, BUILT_SERVER } from './workspace';

/** Arguments for `spawn(process.execPath, args, { cwd, env })`. */
export interface ServerCommand {
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/**
 * How to run the built server (what `npm start` and the service run) on `configFile`. It runs
 * in the config file's folder, so that whatever it writes beside its videos lands there, not in
 * the repository. The environment is PATH and CAMREC_CONFIG only: HOST, PORT, VIDEOS_DIR or
 * LOG_LEVEL in the shell of whoever runs the tests would otherwise override the test's config
 * file.
 */
export function serverCommand({
  configFile,
  nodeArgs = [],
}: {
  configFile: string;
  /** More node flags, after the launchers' own (a V8 flag given here wins). */
  nodeArgs?: string[];
}): ServerCommand {
  const env = { PATH: process.env['PATH'], CAMREC_CONFIG: configFile };
  return {
    args: [...SERVER_NODE_FLAGS, ...nodeArgs, BUILT_SERVER],
    cwd: dirname(configFile),
    env,
  };
}
