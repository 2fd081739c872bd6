// How the bench starts Chromium and the production server: the same options as the browser
// tests' apps/web-e2e/src/support/launch-options.ts, which the bench cannot import (web-e2e is
// an e2e project with no public alias). Keep the two alike until that file moves to a tooling
// library both can import.

/** Debian's Chromium, headless, with nothing of its own on the network. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface ChromiumLaunchOptions {
  executablePath: string;
  headless: boolean;
  args: string[];
  viewport: { width: number; height: number };
}

/** Options for `chromium.launchPersistentContext` (with a fresh profile folder of the caller's). */
export function chromiumLaunchOptions(): ChromiumLaunchOptions {
  return {
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1360, height: 900 },
  };
}

/**
 * The config file of a throwaway production server: 127.0.0.1 only, its own videos folder, no
 * demo camera and no downloads; `settings` add to or override it.
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
    ...settings,
  };
}
