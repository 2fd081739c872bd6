import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, chromium } from 'playwright-core';
import { chromiumLaunchOptions } from './chromium-launch-options';

type ContextOptions = NonNullable<Parameters<typeof chromium.launchPersistentContext>[1]>;

export interface LaunchedChromium {
  context: BrowserContext;
  /** Closes the browser and removes its profile. */
  close(): Promise<void>;
}

/**
 * Chromium with the shared launch options (`extra` adds to them) and a fresh profile folder
 * (its --user-data-dir), so that nothing of an earlier run (cache, storage) is seen.
 */
export async function launchChromium(extra: ContextOptions = {}): Promise<LaunchedChromium> {
  // Loaded here, not at the top: most importers of @camrec/testing never start a browser, and
  // playwright-core takes about half a second to load.
  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(join(tmpdir(), 'camrec-chromium-'));
  try {
    const context = await chromium.launchPersistentContext(profile, {
      ...chromiumLaunchOptions(),
      ...extra,
    });
    return {
      context,
      close: async () => {
        await context.close();
        rmSync(profile, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(profile, { recursive: true, force: true });
    throw error;
  }
}
