import { join } from 'node:path';
import { WORKSPACE_ROOT } from './workspace';

/**
 * The config file of a throwaway server: 127.0.0.1 only, its own port and videos folder, no
 * demo camera, nothing downloaded, ONVIF discovery on loopback only; `settings` add to or
 * override it.
 */
export function testServerConfig(
  port: number,
  videosDir: string,
  settings: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    host: '127.0.0.1',
    port,
    videos_dir: videosDir,
    demo_camera: false,
    auto_download: false,
    // An ONVIF probe never leaves the machine: discovery multicasts on loopback only.
    onvif_interface: 'lo',
    // The proxy engines a developer keeps in the repository's bin/ (as `npm start` finds them),
    // wherever the server runs.
    binaries_dir: join(WORKSPACE_ROOT, 'bin'),
    ...settings,
  };
}
