import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Cmd, DockerfileParser, Env, Healthcheck, type Instruction } from 'dockerfile-ast';
import { validate } from 'dockerfile-utils';
import { loadAppConfig } from '../app/config/load-app-config';
import { startTestApp } from '../test-support/test-app';
import { SERVER_NODE_FLAGS, WORKSPACE_ROOT } from '@camrec/testing';

/**
 * No Docker engine runs here to build the image, so the Dockerfile is checked as text: its
 * syntax by dockerfile-utils (the Docker language service's validator), and hadolint's rules
 * (ids in the test names) plus this project's requirements on its parse tree.
 */
const text = readFileSync(join(WORKSPACE_ROOT, 'Dockerfile'), 'utf8');
const dockerfile = DockerfileParser.parse(text);
const instructions = dockerfile.getInstructions();
const finalStageStart = dockerfile.getFROMs().at(-1)?.getRange().start.line ?? 0;
const finalStage = instructions.filter((i) => i.getRange().start.line >= finalStageStart);
const named = (keyword: string, from: Instruction[] = instructions) =>
  from.filter((i) => i.getKeyword() === keyword);
const runs = named('RUN').map((run) => run.getArgumentsContent() ?? '');
const env: Record<string, string | null> = Object.fromEntries(
  finalStage
    .filter((i): i is Env => i instanceof Env)
    .flatMap((i) => i.getProperties().map((p) => [p.getName(), p.getValue()])),
);
const jsonForm = (i: Cmd) => i.getJSONStrings().map((s) => s.getJSONValue());

describe('Dockerfile', () => {
  it('has no syntax problem (dockerfile-utils)', () => {
    expect(validate(text).map((d) => `line ${d.range.start.line + 1}: ${d.message}`)).toEqual([]);
  });

  it('DL3006/DL3007: every base image is Node 20 on Debian slim, pinned to a release tag', () => {
    for (const from of dockerfile.getFROMs()) {
      expect(from.getImageName()).toBe('node');
      expect(from.getImageTag()).toMatch(/^20\.\d+\.\d+-(bookworm|trixie)-slim$/);
    }
  });

  it('DL3002: the image runs as a non-root user created in the final stage', () => {
    const user = named('USER', finalStage).at(-1)?.getArgumentsContent();
    expect(user).toBeDefined();
    expect(user).not.toMatch(/^(root|0)(:|$)/);
    expect(runs.some((run) => new RegExp(`useradd .*\\b${user}\\b`).test(run))).toBe(true);
  });

  it('DL3009/DL3014/DL3015: apt-get with -y and --no-install-recommends, lists removed in the same layer', () => {
    const aptRuns = runs.filter((run) => run.includes('apt-get install'));
    expect(aptRuns.length).toBeGreaterThan(0);
    for (const run of aptRuns) {
      expect(run).toMatch(/apt-get install -y --no-install-recommends \S/);
      expect(run).toMatch(/rm -rf \/var\/lib\/apt\/lists\/\*/);
    }
    // The final image has ffmpeg; the build stage, a compiler for the SQLite binding.
    expect(aptRuns.at(-1)).toMatch(/--no-install-recommends .*\bffmpeg\b/);
    expect(aptRuns[0]).toMatch(/--no-install-recommends .*\bg\+\+/);
    expect(runs.join('\n')).not.toMatch(/apt-get (dist-)?upgrade|\bapt install|\bsudo\b/);
  });

  it('DL3010/DL3020: no ADD (COPY for files, nothing fetched from URLs)', () => {
    expect(named('ADD')).toEqual([]);
  });

  it('DL4006: no pipe in RUN without pipefail', () => {
    expect(runs.filter((run) => /[^|]\|[^|]/.test(run))).toEqual([]);
  });

  it("DL3000/DL3025: absolute WORKDIRs, CMD in JSON form with the server's node flags", () => {
    for (const workdir of named('WORKDIR')) expect(workdir.getArgumentsContent()).toMatch(/^\//);
    const cmd = finalStage.filter((i): i is Cmd => i instanceof Cmd);
    expect(cmd.map(jsonForm)).toEqual([['node', ...SERVER_NODE_FLAGS, 'dist/apps/api/main.js']]);
  });

  it('builds in a build stage (npm install + build) and copies only the result into the final one', () => {
    const buildStageRuns = named('RUN')
      .filter((i) => i.getRange().start.line < finalStageStart)
      .map((run) => run.getArgumentsContent() ?? '');
    expect(buildStageRuns.join('\n')).toMatch(/npm (ci|install)\b/);
    expect(buildStageRuns.join('\n')).toMatch(/npm run build/);
    const copiesFromBuild = named('COPY', finalStage).map((i) => i.getArgumentsContent());
    expect(copiesFromBuild).toEqual(expect.arrayContaining(['/app/dist ./dist']));
    expect(named('COPY', finalStage).every((i) => /--from=build/.test(i.getTextContent()))).toBe(
      true,
    );
  });

  it('configures the server, in its WORKDIR, to listen on 0.0.0.0:EXPOSE and write where it may', () => {
    const settings = Object.fromEntries(
      Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== null),
    );
    const workdir = named('WORKDIR', finalStage).at(-1)?.getArgumentsContent() ?? '/';
    // The server's own reading of the image's environment, from the directory it starts in.
    const config = loadAppConfig({ env: settings, cwd: workdir });
    expect(config.host).toBe('0.0.0.0');
    expect(named('EXPOSE', finalStage).map((i) => i.getArgumentsContent())).toEqual([
      String(config.port),
    ]);
    expect(named('VOLUME', finalStage).map((i) => i.getArgumentsContent())).toEqual([
      JSON.stringify([config.videos_dir]),
    ]);
    const user = named('USER', finalStage).at(-1)?.getArgumentsContent();
    const ownedByUser = runs.find((run) => run.includes(`chown ${user}:${user} `)) ?? '';
    expect(ownedByUser).toContain(config.videos_dir);
    expect(ownedByUser).toContain(config.binaries_dir);
  });

  it('has one HEALTHCHECK, on /health', () => {
    const healthcheck = named('HEALTHCHECK', finalStage);
    expect(healthcheck).toHaveLength(1);
    expect(healthcheck[0].getArgumentsContent()).toMatch(/^CMD \[.*\/health/);
  });

  it('HEALTHCHECK command: healthy while the server answers /health, unhealthy once it is gone', async () => {
    const healthcheck = finalStage.find((i): i is Healthcheck => i instanceof Healthcheck);
    const [program, ...args]: string[] = JSON.parse(
      (healthcheck?.getArgumentsContent() ?? '').replace(/^CMD\s+/, ''),
    );
    expect(program).toBe('node');
    const check = (port: string) =>
      promisify(execFile)(process.execPath, args, { env: { PORT: port } }).then(
        () => 'healthy',
        () => 'unhealthy',
      );
    const app = await startTestApp();
    const port = new URL(app.baseUrl).port;
    try {
      expect(await check(port)).toBe('healthy');
    } finally {
      await app.close();
    }
    expect(await check(port)).toBe('unhealthy');
  });

  it('.dockerignore keeps dependencies, builds, videos and git out of the build context', () => {
    const ignored = readFileSync(join(WORKSPACE_ROOT, '.dockerignore'), 'utf8').split('\n');
    expect(ignored).toEqual(
      expect.arrayContaining(['.git', 'node_modules', 'dist', 'videos', 'bin', 'config.json']),
    );
  });
});
