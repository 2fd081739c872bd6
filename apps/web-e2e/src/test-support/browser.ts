import { launchChromium } from '@camrec/testing';
import type { BrowserContext, Page } from 'playwright-core';

export interface TestBrowser {
  context: BrowserContext;
  /** A new tab; `disableWebCodecs` removes `VideoDecoder` before the app loads. */
  newPage(options?: { disableWebCodecs?: boolean }): Promise<Page>;
  /** Uncaught errors seen in any page so far. */
  pageErrors: string[];
  close(): Promise<void>;
}

/** Debian's Chromium, headless, with a fresh profile that is removed on close. */
export async function launchBrowser(): Promise<TestBrowser> {
  const { context, close } = await launchChromium({ acceptDownloads: true });
  const pageErrors: string[] = [];
  return {
    context,
    pageErrors,
    async newPage(options = {}) {
      const page = await context.newPage();
      page.on('pageerror', (error) => pageErrors.push(error.message));
      if (options.disableWebCodecs) {
        await page.addInitScript(() => {
          delete (window as unknown as { VideoDecoder?: unknown }).VideoDecoder;
        });
      }
      return page;
    },
    close,
  };
}
