import { startMjpegCamera, SimCamera } from '@camrec/testing/camera-sim';
import { getJson, postJson } from '../../test-support/http';
import { startTestApp, TestApp } from '../../test-support/test-app';

/** Passwords as users type them into the URL, unencoded. */
const PASSWORDS = ["it's'mine", 'p@ss@word', 'a:b:c', 'sl/ash', 'ha#sh', 'que?ry', '50%off'];

describe('camera passwords never appear in any answer or log line (booted app)', () => {
  let app: TestApp;
  const cameras: SimCamera[] = [];

  beforeAll(async () => {
    app = await startTestApp({ verify_attempts: 1, verify_timeout_s: 2 });
  });
  afterAll(async () => {
    await app.close();
    await Promise.all(cameras.map((camera) => camera.stop()));
  });

  it.each(PASSWORDS)(
    'hides %s in the open answer, the list, errors and the log',
    async (password) => {
      const camera = await startMjpegCamera({ auth: { type: 'basic', user: 'admin', password } });
      cameras.push(camera);
      const url = camera.url.replace('http://', `http://admin:${password}@`);
      const wrong = camera.url.replace('http://', `http://admin:${password}x@`);

      const seen: string[] = [];
      for (const attempt of [url, wrong]) {
        const open = await postJson(app, '/session/open', { url: attempt });
        seen.push(JSON.stringify(open.body));
        // Accepted (201), refused by the camera (502) or refused as a URL (400): never a 5xx other
        // than the camera's 502, and never the password.
        expect([201, 400, 502]).toContain(open.status);
        if (open.status === 201) {
          expect(open.body.source_url).toContain('admin:***@');
          seen.push(JSON.stringify((await getJson(app, '/session/list')).body));
          await postJson(app, '/session/close', { session_id: open.body.session_id });
        }
      }
      for (const text of [...seen, ...app.logs]) expect(text).not.toContain(password);
    },
  );

  it.each(['rtsp://admin:50%zzoff@127.0.0.1:9/stream', 'http://admin:50%zzoff@127.0.0.1:9/x'])(
    'answers 400 naming the password for a malformed percent-escape in %s, at once',
    async (url) => {
      const started = Date.now();
      const { status, body } = await postJson(app, '/session/open', { url });
      expect(status).toBe(400);
      expect(body.message).toMatch(/^the password in url has a malformed percent-escape/);
      expect(JSON.stringify(body)).not.toContain('zzoff');
      expect(Date.now() - started).toBeLessThan(1000);
    },
  );

  it.each(['loginpas', 'psw', 'passcode', 'pwd', 'token', 'apikey'])(
    'hides the %s query value in answers and the log',
    async (key) => {
      const secret = `Sec'r#t-${key}`;
      const url = `http://127.0.0.1:9/videostream.cgi?loginuse=admin&${key}=${encodeURIComponent(secret)}`;
      const open = await postJson(app, '/session/open', { url });
      expect(open.status).toBe(502);
      for (const text of [JSON.stringify(open.body), ...app.logs]) {
        expect(text).not.toContain(encodeURIComponent(secret));
        expect(text).not.toContain(secret);
      }
    },
  );
});
