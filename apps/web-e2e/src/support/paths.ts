import { join, resolve } from 'node:path';

export const WORKSPACE_ROOT = resolve(__dirname, '../../../..');
export const API_MAIN = join(WORKSPACE_ROOT, 'dist/apps/api/main.js');
export const WEB_INDEX = join(WORKSPACE_ROOT, 'dist/apps/web/browser/index.html');
export const SCREENSHOT_DIR = join(WORKSPACE_ROOT, 'dist/e2e-screenshots');
