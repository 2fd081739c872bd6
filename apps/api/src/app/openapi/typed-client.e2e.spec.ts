import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { SimCamera, startMjpegCamera } from '@camrec/testing/camera-sim';
import { serverMediaPids, startTestApp, TestApp } from '../../test-support/test-app';
import { assertPlayable, ffprobe, WORKSPACE_ROOT } from '@camrec/testing';

const run = promisify(execFile);

const CLIENT_DIR = join(__dirname, 'client');
const TYPES_FILE = join(CLIENT_DIR, 'camera-recorder-api.d.ts');
const SCRIPT_FILE = join(CLIENT_DIR, 'record-clip.ts');
const MATCH_FILE = join(CLIENT_DIR, 'shared-types-match.ts');
const REGENERATE =
  'UPDATE_API_CLIENT=1 npx jest -c apps/api/jest.config.ts apps/api/src/app/openapi/typed-client.e2e.spec.ts';

/** The real TypeScript compiler on these files, strict, with the workspace's settings. */
async function typeCheck(dir: string, files: string[]): Promise<{ ok: boolean; output: string }> {
  const tsconfig = join(dir, 'tsconfig.json');
  writeFileSync(
    tsconfig,
    JSON.stringify({
      extends: join(WORKSPACE_ROOT, 'tsconfig.base.json'),
      compilerOptions: { noEmit: true, types: ['node'] },
      files,
    }),
  );
  try {
    const { stdout } = await run(process.execPath, [
      join(WORKSPACE_ROOT, 'node_modules/typescript/bin/tsc'),
      '-p',
      tsconfig,
    ]);
    return { ok: true, output: stdout };
  } catch (error) {
    return { ok: false, output: (error as { stdout: string }).stdout };
  }
}

describe('a client generated from /openapi.json (openapi-typescript + openapi-fetch)', () => {
  let app: TestApp;
  let camera: SimCamera;
  let workDir: string;

  beforeAll(async () => {
    // Inside the workspace (tmp/ is ignored) so the compiler finds node_modules.
    mkdirSync(join(WORKSPACE_ROOT, 'tmp'), { recursive: true });
    workDir = mkdtempSync(join(WORKSPACE_ROOT, 'tmp', 'typed-client-'));
    camera = await startMjpegCamera();
    app = await startTestApp();
  });

  afterAll(async () => {
    await app?.close();
    await camera?.stop();
    rmSync(workDir, { recursive: true, force: true });
    expect(serverMediaPids()).toEqual([]);
  });

  it('is what the committed types say: openapi-typescript on the live document gives them', async () => {
    const generated = join(workDir, 'generated.d.ts');
    await run(process.execPath, [
      join(WORKSPACE_ROOT, 'node_modules/openapi-typescript/bin/cli.js'),
      `${app.baseUrl}/openapi.json`,
      // minItems/maxItems as tuples: a motion zone point is [x, y], as in shared-types.
      '--array-length',
      // A documented default is what the server assumes when a field is absent, not a field
      // the client must send.
      '--default-non-nullable=false',
      '--output',
      generated,
    ]);
    // Formatted as the repository formats the committed file (Prettier's API is ESM-only).
    const formatted = execFileSync(
      process.execPath,
      [
        join(WORKSPACE_ROOT, 'node_modules/prettier/bin/prettier.cjs'),
        '--stdin-filepath',
        TYPES_FILE,
      ],
      { input: readFileSync(generated), encoding: 'utf8' },
    );
    if (process.env['UPDATE_API_CLIENT'] === '1') writeFileSync(TYPES_FILE, formatted);
    const committed = readFileSync(TYPES_FILE, 'utf8');
    if (formatted !== committed) {
      throw new Error(`${TYPES_FILE} is out of date with /openapi.json; run: ${REGENERATE}`);
    }
  });

  /**
   * One compiler run (~5 s of CPU) for the next two tests: the script, the schema-to-shared-types
   * match, and a copy of the script that sends a field the API does not have.
   */
  let compiled: Promise<{ ok: boolean; output: string }> | undefined;
  const compile = () => {
    compiled ??= (async () => {
      writeFileSync(
        join(workDir, 'wrong-field.ts'),
        readFileSync(SCRIPT_FILE, 'utf8')
          .replace("'./camera-recorder-api'", JSON.stringify(TYPES_FILE.replace(/\.d\.ts$/, '')))
          .replace('{ url: cameraUrl,', '{ uri: cameraUrl,'),
      );
      return typeCheck(workDir, [SCRIPT_FILE, MATCH_FILE, join(workDir, 'wrong-field.ts')]);
    })();
    return compiled;
  };
  /** The files named by the compiler's error lines ("file(line,col): error TS…"). */
  const filesWithErrors = (output: string) =>
    new Set([...output.matchAll(/^(.+?)\(\d+,\d+\): error TS/gm)].map((m) => basename(m[1])));

  it('type-checks the script and the schema-to-shared-types match with tsc', async () => {
    const { output } = await compile();
    // Only the wrong copy has errors (the next test reads them).
    expect([...filesWithErrors(output)]).toEqual(['wrong-field.ts']);
  });

  it('refuses, at compile time, a script that sends a field the API does not have', async () => {
    const { ok, output } = await compile();
    expect(ok).toBe(false);
    expect(output).toMatch(/wrong-field\.ts.*'uri' does not exist/s);
  });

  it('runs the script against the app and a simulated camera: it downloads the clip it recorded', async () => {
    const clip = join(workDir, 'clip.mp4');
    const { stdout } = await run(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', SCRIPT_FILE, app.baseUrl, camera.url, '3', clip],
      {
        cwd: WORKSPACE_ROOT,
        env: { PATH: process.env['PATH'], TS_NODE_PROJECT: 'apps/api/tsconfig.app.json' },
      },
    );
    const video = JSON.parse(stdout);
    expect(video).toMatchObject({
      filename: expect.stringMatching(/\.mp4$/),
      width: 640,
      height: 360,
      video_codec: 'h264',
    });
    expect(statSync(clip).size).toBe(video.size_bytes);
    assertPlayable(clip);
    const seconds = Number(ffprobe(clip).format.duration);
    expect(seconds).toBeGreaterThan(2);
    expect(seconds).toBeLessThan(6);
    const sessions = await (await fetch(`${app.baseUrl}/session/list`)).json();
    expect(sessions.sessions).toEqual([]);
  });

  it("README's curl flow does the same: opens, records 5 s, lists and downloads the clip", async () => {
    const readme = readFileSync(join(WORKSPACE_ROOT, 'README.md'), 'utf8');
    const flow = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)]
      .map((block) => block[1])
      .find((block) => block.includes('/record/start'));
    if (!flow) throw new Error('README has no sh block with the curl flow');
    const cwd = mkdtempSync(join(workDir, 'curl-'));
    const { stdout } = await run('bash', ['-euo', 'pipefail', '-c', flow], {
      cwd,
      env: { PATH: process.env['PATH'], BASE: app.baseUrl, CAMERA: camera.url },
    });
    const [listed, closed] = stdout.trim().split(/\n(?=\{"session_id")/);
    const video = JSON.parse(listed);
    expect(JSON.parse(closed)).toEqual({ session_id: expect.any(String), closed: true });
    const clip = join(cwd, video.filename);
    expect(statSync(clip).size).toBe(video.size_bytes);
    assertPlayable(clip);
    const seconds = Number(ffprobe(clip).format.duration);
    expect(seconds).toBeGreaterThan(4);
    expect(seconds).toBeLessThan(6);
  });
});
