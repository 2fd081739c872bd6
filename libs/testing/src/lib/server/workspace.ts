import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The repository's root (this file is libs/testing/src/lib/server/workspace.ts). */
export const WORKSPACE_ROOT = resolve(__dirname, '../../../../..');
/** The production build of the server, as `npm start` runs it. */
export const BUILT_SERVER = join(WORKSPACE_ROOT, 'dist/apps/api/main.js');
/** The built dashboard, which the built server serves. */
export const BUILT_DASHBOARD = join(WORKSPACE_ROOT, 'dist/apps/web/browser/index.html');
/** The V8 flags every launcher starts the server with (README, "Node flags"). */
export const SERVER_NODE_FLAGS: string[] = JSON.parse(
  readFileSync(join(WORKSPACE_ROOT, 'apps/api/node-flags.json'), 'utf8'),
);
