import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SimCamera, startRtspCamera } from '@camrec/camera-sim';
import { frameIndices } from '../../test-support/media-checks';
import { isAlive } from '../../test-support/test-app';
import { assertPlayable, codecs } from '../../test-support/media-checks';
import { sleep, waitFor } from '../../test-support/http';
import { ServerProcess } from './testing/server-process';

async function post(server: ServerProcess, path: string, body: unknown) {
  const response = await fetch(`${server.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

describe('kill -9 of the server while recording', () => {
  let root: string;
  let camera: SimCamera | undefined;
  const servers: ServerProcess[] = [];
  const orphans: number[] = [];

  beforeAll(() => (root = mkdtempSync(join(tmpdir(), 'camrec-crash-'))));
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()));
    await camera?.stop();
    // The killed server's ffmpeg lost its parent; it ends on the broken pipe, or is ended here.
    for (const pid of orphans.filter(isAlive)) process.kill(pid, 'SIGKILL');
    rmSync(root, { recursive: true, force: true });
  });

  it('recovers the recording at restart: listed, playable, holding media up to ≤ 1 s before the kill', async () => {
    const videosDir = join(root, 'videos');
    const configFile = join(root, 'config.json');
    writeFileSync(
      configFile,
      JSON.stringify({ port: 0, demo_camera: false, videos_dir: videosDir, log_level: 'info' }),
    );
    const frameLog = join(root, 'frames.log');
    camera = await startRtspCamera({ codec: 'h264', audio: 'aac', log: frameLog });

    const first = await ServerProcess.start(configFile);
    servers.push(first);
    const opened = await post(first, '/session/open', { url: camera.url });
    expect(opened.status).toBe(201);
    const started = await post(first, '/record/start', { session_id: opened.body.session_id });
    expect(started.status).toBe(201);
    await sleep(4000);
    orphans.push(...first.childPids());
    const killedAt = Date.now();
    await first.kill9();
    expect(readdirSync(videosDir)).toContain(`${started.body.filename}.part`);
    await waitFor(
      'the orphaned ingest to end',
      async () => (orphans.some(isAlive) ? undefined : true),
      10_000,
    ).catch(() => undefined);

    const second = await ServerProcess.start(configFile);
    servers.push(second);
    const listed = await (await fetch(`${second.baseUrl}/videos`)).json();
    expect(listed.videos.map((video: { filename: string }) => video.filename)).toEqual([
      started.body.filename,
    ]);
    const file = join(videosDir, started.body.filename);
    expect(readdirSync(videosDir)).not.toContain(`${started.body.filename}.part`);
    assertPlayable(file);
    expect(codecs(file)).toEqual(['audio:aac', 'video:h264']);

    // The last frame in the file, by the index camera-sim draws into every frame, was sent
    // by the camera at most 1 s before the kill.
    const indices = frameIndices(file, 640, 360).filter((index): index is number => index !== null);
    const lastIndex = Math.max(...indices);
    const sentAt = new Map(
      readFileSync(frameLog, 'utf8')
        .trim()
        .split('\n')
        .map((line) => line.split(' ').map(Number) as [number, number]),
    );
    expect(sentAt.get(lastIndex)).toBeGreaterThanOrEqual(killedAt - 1000);
    expect(listed.videos[0].duration_s).toBeGreaterThan(3);
  });
});
