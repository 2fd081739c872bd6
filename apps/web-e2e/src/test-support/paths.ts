import { join } from 'node:path';
import { WORKSPACE_ROOT } from '@camrec/testing';

export const SCREENSHOT_DIR = join(WORKSPACE_ROOT, 'dist/e2e-screenshots');
