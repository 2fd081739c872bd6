import { resolve } from 'node:path';

export const WORKSPACE = resolve(__dirname, '../../../..');

/**
 * How to run the API server from its TypeScript sources in a child process (ts-node,
 * transpile-only, with the workspace path aliases): a real process that can exit or be killed.
 */
export function serverFromSources(configFile: string): {
  args: string[];
  options: { cwd: string; env: NodeJS.ProcessEnv };
} {
  return {
    args: [
      '-r',
      'ts-node/register/transpile-only',
      '-r',
      'tsconfig-paths/register',
      'apps/api/src/main.ts',
    ],
    options: {
      cwd: WORKSPACE,
      env: {
        PATH: process.env['PATH'],
        CAMREC_CONFIG: configFile,
        TS_NODE_PROJECT: 'apps/api/tsconfig.app.json',
      },
    },
  };
}
