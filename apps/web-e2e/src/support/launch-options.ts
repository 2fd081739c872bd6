// How the browser tests and the bench (tools/bench, which transpiles this file as it is) start
// Chromium and the production server. No imports, so that plain Node can load it.

/** Debian's Chromium, headless, with nothing of its own on the network. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Options for `chromium.launchPersistentContext` (with a fresh profile folder of the caller's). */
export function chromiumLaunchOptions() {
  return {
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1360, height: 900 },
  };
}

/**
 * The config file of a throwaway production server: 127.0.0.1 only, its own videos folder, no
 * demo camera, no downloads, ONVIF discovery on loopback; `settings` add to or override it.
 */
export function throwawayServerConfig(
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
    ...settings,
  };
}
