import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const WORKSPACE_ROOT = resolve(__dirname, '../../../..');
export const API_MAIN = join(WORKSPACE_ROOT, 'dist/apps/api/main.js');
/** The V8 flags every launcher starts the server with (README, "Node flags"). */
export const API_NODE_FLAGS: string[] = JSON.parse(
  readFileSync(join(WORKSPACE_ROOT, 'apps/api/node-flags.json'), 'utf8'),
);
export const WEB_INDEX = join(WORKSPACE_ROOT, 'dist/apps/web/browser/index.html');
export const SCREENSHOT_DIR = join(WORKSPACE_ROOT, 'dist/e2e-screenshots');
