import { resolve } from 'node:path';

/**
 * The folder the server is installed in (the repository, /opt/camera-recorder, the image's
 * /app), whatever folder it was started from. The built server is `dist/apps/api/main.js` in it
 * (webpack bundles this file there) and this source file is `apps/api/src/install-root.ts`:
 * both three levels down. What set-up puts beside the server is found from here (the built
 * dashboard and simulated camera under `dist/apps`, OpenCV's build under `tools/opencv`); the
 * working folder is the service's data folder (the systemd unit's /var/lib/camera-recorder),
 * which holds none of it.
 */
export const INSTALL_ROOT = resolve(__dirname, '..', '..', '..');
