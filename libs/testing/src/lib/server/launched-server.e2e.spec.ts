import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isPidAlive } from '@camrec/process';
import { launchServer, type LaunchedServer } from './launched-server';

describe('launchServer (the built server)', () => {
  const servers: LaunchedServer[] = [];
  const launch = async (...args: Parameters<typeof launchServer>) => {
    const server = await launchServer(...args);
    servers.push(server);
    return server;
  };
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.stop()));
  });

  it('answers on a free port of 127.0.0.1 from a temporary folder, restarts on the same port, and leaves nothing on stop', async () => {
    const server = await launch({ settings: { log_level: 'debug' } });
    expect(server.baseUrl).toBe(`http://127.0.0.1:${server.port}`);
    const config = JSON.parse(readFileSync(server.configFile, 'utf8'));
    expect(config).toMatchObject({ host: '127.0.0.1', port: server.port, log_level: 'debug' });
    expect(config.videos_dir).toBe(join(server.dir, 'videos'));
    expect((await server.json('GET', '/health')).status).toBe(200);
    expect(server.output()).toContain('is running: open');
    expect(server.token).toBeNull();

    const firstPid = server.pid;
    await server.restart();
    expect(server.pid).not.toBe(firstPid);
    expect(isPidAlive(firstPid)).toBe(false);
    expect((await server.json('GET', '/health')).status).toBe(200);
    expect(server.output()).toContain('--- restarted ---');

    const exit = await server.stop();
    expect(exit.code === 0 || exit.signal === 'SIGTERM').toBe(true);
    expect(exit.stopMs).toBeGreaterThan(0);
    expect(isPidAlive(server.pid)).toBe(false);
    expect(existsSync(server.dir)).toBe(false);
    expect(await server.stop()).toMatchObject({ stopMs: 0 });
  });

  it('after kill -9, a launch on the same folder finds what the first one saved; a given folder is kept', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'camrec-launcher-'));
    try {
      const first = await launch({ dir });
      const camera = { name: 'Kept', url: 'rtsp://127.0.0.1:1/x', verify: false };
      expect((await first.json('POST', '/cameras', camera)).status).toBe(201);
      expect(await first.kill9()).toMatchObject({ code: null, signal: 'SIGKILL' });
      await first.stop();
      expect(existsSync(dir)).toBe(true);

      const second = await launch({ dir });
      const listed = await second.json<{ cameras: Array<{ name: string }> }>('GET', '/cameras');
      expect(listed.body.cameras.map((c) => c.name)).toEqual(['Kept']);
    } finally {
      await Promise.all(servers.splice(0).map((server) => server.stop()));
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('fails with the reason and its output on a port that is taken', async () => {
    // A program on the port that accepts connections and never answers.
    const sockets: Socket[] = [];
    const taken: Server = createServer((socket) => sockets.push(socket));
    taken.listen(0, '127.0.0.1');
    await once(taken, 'listening');
    const { port } = taken.address() as { port: number };
    try {
      await expect(launchServer({ port, readyTimeoutMs: 20_000 })).rejects.toThrow(/EADDRINUSE/);
    } finally {
      sockets.forEach((socket) => socket.destroy());
      taken.close();
    }
  });
});
