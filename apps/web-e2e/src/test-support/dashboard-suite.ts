import type { SimCamera } from '@camrec/testing/camera-sim';
import { launchBrowser, type TestBrowser } from './browser';
import { Dashboard } from './dashboard';
import { launchServer, type LaunchedServer } from '@camrec/testing';

export interface DashboardSuite {
  /** The file's production server (set once beforeAll has run). */
  readonly server: LaunchedServer;
  /** The file's Chromium (set once beforeAll has run). */
  readonly browser: TestBrowser;
  /** Waits for a simulated camera that is stopped after the test. */
  camera(start: Promise<SimCamera>): Promise<SimCamera>;
  /** A new tab on the dashboard; saved cameras, sessions and the tab go after the test. */
  open(options?: { disableWebCodecs?: boolean; query?: string }): Promise<Dashboard>;
}

/**
 * Registers the hooks of a file of dashboard tests: one server (with `settings` in its config)
 * and one browser for the file, each test's cameras and dashboards cleaned up after it, and no
 * uncaught page error allowed.
 */
export function useDashboardSuite(settings: Record<string, unknown> = {}): DashboardSuite {
  let server: LaunchedServer;
  let browser: TestBrowser;
  const cameras: SimCamera[] = [];
  const dashboards: Dashboard[] = [];

  beforeAll(async () => {
    server = await launchServer({ settings });
    browser = await launchBrowser();
  });

  afterEach(async () => {
    for (const dashboard of dashboards.splice(0)) {
      // Saved cameras first: their sessions are theirs to close.
      await dashboard.deleteAllCameras();
      await dashboard.closeAllSessions();
      await dashboard.page.close();
    }
    await Promise.all(cameras.splice(0).map((c) => c.stop()));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    expect(browser?.pageErrors ?? []).toEqual([]);
  });

  return {
    get server() {
      return server;
    },
    get browser() {
      return browser;
    },
    async camera(start) {
      const started = await start;
      cameras.push(started);
      return started;
    },
    async open(options = {}) {
      const dashboard = new Dashboard(await browser.newPage(options), server.baseUrl);
      dashboards.push(dashboard);
      await dashboard.goto(options.query);
      return dashboard;
    },
  };
}
