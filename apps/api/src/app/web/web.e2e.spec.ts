import { existsSync } from 'node:fs';
import { startTestApp, TestApp } from '../../test-support/test-app';
import { WORKSPACE_ROOT } from '@camrec/testing';

describe('the dashboard beside the API (booted app, built dashboard)', () => {
  let app: TestApp;
  beforeAll(async () => {
    // npm test builds first; the app finds the dashboard under dist/ of the working directory.
    expect(existsSync(`${WORKSPACE_ROOT}/dist/apps/web/browser/index.html`)).toBe(true);
    expect(process.cwd()).toBe(WORKSPACE_ROOT);
    app = await startTestApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('serves the page at / and the files it loads', async () => {
    const page = await fetch(`${app.baseUrl}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = await page.text();
    expect(html).toContain('<cr-root');
    const scripts = [...html.matchAll(/src="([^"]+\.js)"/g)].map((match) => match[1]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const script of scripts) {
      const response = await fetch(`${app.baseUrl}/${script}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('javascript');
    }
    const head = await fetch(`${app.baseUrl}/`, { method: 'HEAD' });
    expect(head.status).toBe(200);
  });

  it('leaves the API routes to the API', async () => {
    const health = await fetch(`${app.baseUrl}/health`);
    expect(health.headers.get('content-type')).toContain('application/json');
    expect((await health.json()).status).toBeDefined();
  });

  it.each(['/nope', '/videos/x/y', '/session/nope', '/index.htm', '/some/deep/link'])(
    'answers an unknown path (%s) with the API JSON 404',
    async (path) => {
      const response = await fetch(`${app.baseUrl}${path}`);
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toContain('application/json');
      expect(await response.json()).toEqual({
        statusCode: 404,
        error: 'Not Found',
        message: expect.stringContaining(path),
      });
    },
  );
});
