import { countConnections, startRtspCamera, type SimCamera } from '@camrec/testing/camera-sim';
import { decodeFrameIndices } from '@camrec/testing';
import { spawn, type SpawnOptions } from 'node:child_process';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer as createTlsServer } from 'node:tls';
import { networkInterfaces } from 'node:os';
import { RtspRelay } from './rtsp-relay';

const SIZE = { width: 320, height: 180 };
const USER = 'viewer';
const PASSWORD = 'pa:ss/wo#rd';

interface FfmpegRun {
  code: number | null;
  stdout: Buffer;
  stderr: string;
  cmdline: string[];
}

/** Real ffmpeg, spawned asynchronously: the relay runs in this very process. */
function runFfmpeg(args: string[], as: SpawnOptions = {}): Promise<FfmpegRun> {
  const cmdline = ['-hide_banner', '-nostdin', '-loglevel', 'error', ...args];
  return new Promise((resolve, reject) => {
    const child = spawn('ffmpeg', cmdline, { ...as, stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: Buffer.concat(stdout), stderr, cmdline });
    });
  });
}

/** Frame indices of the first `count` frames read from `url` (null where the bar is unreadable). */
async function readFrameIndices(url: string, count: number, inputArgs: string[]) {
  const run = await runFfmpeg([
    ...inputArgs,
    ...['-i', url, '-map', '0:v:0', '-frames:v', String(count)],
    // passthrough: one output frame per decoded frame; rawvideo would otherwise be made
    // constant-rate, duplicating a frame whenever arrival timing jumps. In the source's time
    // base: two frames of a UDP camera that arrived close together (a busy machine) would
    // otherwise round to one timestamp of the muxer's, and ffmpeg complain of its own rounding.
    ...['-fps_mode', 'passthrough', '-enc_time_base', '-1'],
    ...['-f', 'rawvideo', '-pix_fmt', 'gray', 'pipe:1'],
  ]);
  const indices = decodeFrameIndices(run.stdout, SIZE.width, SIZE.height);
  return { indices, run };
}

const TCP = ['-rtsp_transport', 'tcp'];
/** What the session ingest passes: TCP first, UDP if the server refuses. */
const PREFER_TCP = ['-rtsp_flags', 'prefer_tcp'];

describe('RtspRelay (real ffmpeg, simulated cameras)', () => {
  let relay: RtspRelay;
  const cameras: SimCamera[] = [];
  const camera = async (options: Parameters<typeof startRtspCamera>[0]) => {
    const cam = await startRtspCamera({ ...SIZE, ...options });
    cameras.push(cam);
    return cam;
  };
  const withCredentials = (cam: SimCamera, password = PASSWORD) =>
    cam.url.replace('rtsp://', `rtsp://${USER}:${encodeURIComponent(password)}@`);

  beforeEach(async () => {
    relay = new RtspRelay();
    await relay.start();
  });

  afterEach(async () => {
    await relay.stop();
    await Promise.all(cameras.splice(0).map((cam) => cam.stop()));
  });

  it.each(['digest', 'basic'] as const)(
    'relays a %s-protected camera: frames arrive in order, no password on ffmpeg’s command line',
    async (type) => {
      const cam = await camera({ auth: { type, user: USER, password: PASSWORD } });
      const relayUrl = relay.add('cam-1', withCredentials(cam)).url;
      expect(relayUrl).toMatch(/^rtsp:\/\/127\.0\.0\.1:\d+\/relay-[0-9a-f]{32}$/);

      const direct = await runFfmpeg([...TCP, '-i', cam.url, '-f', 'null', '-']);
      expect(direct.stderr).toMatch(/401 Unauthorized/);

      const { indices, run } = await readFrameIndices(relayUrl, 30, TCP);
      expect(run.stderr).toBe('');
      expect(run.cmdline.join(' ')).not.toContain('wo#rd');
      expect(indices).toHaveLength(30);
      expect(indices.every((index) => index !== null)).toBe(true);
      const steps = indices.slice(1).map((index, i) => (index as number) - (indices[i] as number));
      expect(steps.every((step) => step === 1)).toBe(true);
    },
  );

  it('keeps the camera’s path and query (where some cameras take a password) off the command line', async () => {
    const cam = await camera({ auth: { type: 'digest', user: USER, password: PASSWORD } });
    const relayUrl = relay.add('cam-1', `${withCredentials(cam)}?password=query-secret`).url;
    expect(relayUrl).not.toMatch(/stream|query-secret/);
    const { indices, run } = await readFrameIndices(relayUrl, 5, TCP);
    expect(run.stderr).toBe('');
    expect(indices).toHaveLength(5);
  });

  it('answers wrong credentials with the camera’s 401', async () => {
    const cam = await camera({ auth: { type: 'digest', user: USER, password: PASSWORD } });
    const relayUrl = relay.add('cam-1', withCredentials(cam, 'wrong')).url;
    const run = await runFfmpeg([...TCP, '-i', relayUrl, '-f', 'null', '-']);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/401 Unauthorized/);
  });

  it('carries a UDP-only camera’s RTP to ffmpeg over TCP', async () => {
    const cam = await camera({
      transports: 'udp',
      auth: { type: 'digest', user: USER, password: PASSWORD },
    });
    const relayUrl = relay.add('cam-1', withCredentials(cam)).url;
    for (const args of [TCP, PREFER_TCP]) {
      const { indices, run } = await readFrameIndices(relayUrl, 20, args);
      expect(run.stderr).toBe('');
      expect(indices).toHaveLength(20);
      expect(indices.every((index) => index !== null)).toBe(true);
      const increasing = indices
        .slice(1)
        .every((index, i) => (index as number) > (indices[i] as number));
      expect(increasing).toBe(true);
    }
  });

  it('answers 404 for a path it does not know, and after remove()', async () => {
    const cam = await camera({});
    const relayUrl = relay.add('cam-1', cam.url).url;
    const unknown = relayUrl.replace(/relay-[0-9a-f]+/, `relay-${'0'.repeat(32)}`);
    const guessed = await runFfmpeg([...TCP, '-i', unknown, '-f', 'null', '-']);
    expect(guessed.stderr).toMatch(/404 Not Found/);

    expect(relay.has('cam-1')).toBe(true);
    relay.remove('cam-1');
    expect(relay.has('cam-1')).toBe(false);
    const removed = await runFfmpeg([...TCP, '-i', relayUrl, '-f', 'null', '-']);
    expect(removed.stderr).toMatch(/404 Not Found/);
  });

  it('reads an rtsps camera over TLS, checking its certificate unless told not to', async () => {
    const cam = await camera({ auth: { type: 'basic', user: USER, password: PASSWORD } });
    const tlsCamera = await startTlsFront(cam.port);
    try {
      const url = withCredentials(cam).replace(
        /^rtsp:\/\/(.*):\d+\//,
        (_, auth: string) => `rtsps://${auth}:${tlsCamera.port}/`,
      );
      const trusted = relay.add('cam-1', url, { verifyTls: false }).url;
      const { indices, run } = await readFrameIndices(trusted, 10, TCP);
      expect(run.stderr).toBe('');
      expect(indices).toHaveLength(10);

      const checked = relay.add('cam-2', url).url;
      const refused = await runFfmpeg([...TCP, '-i', checked, '-f', 'null', '-']);
      expect(refused.stderr).toMatch(/502 Camera TLS certificate not trusted/);
    } finally {
      tlsCamera.close();
    }
  });

  it('tells ffmpeg that the camera refused the connection', async () => {
    const cam = await camera({});
    const port = cam.port;
    await cam.stop();
    const relayUrl = relay.add('cam-1', `rtsp://${USER}:x@127.0.0.1:${port}/stream`).url;
    const run = await runFfmpeg([...TCP, '-i', relayUrl, '-f', 'null', '-']);
    expect(run.stderr).toMatch(/Connection refused/);
  });

  it('reaches the camera ahead of ffmpeg, which then reads on that very connection; a camera that is off fails at once', async () => {
    const cam = await camera({});
    const front = await countConnections(cam.port);
    try {
      const reached = relay.add('cam-1', `rtsp://127.0.0.1:${front.port}/stream`);
      await reached.reach();
      expect(front.total()).toBe(1);
      const { indices, run } = await readFrameIndices(reached.url, 10, TCP);
      expect(run.stderr).toBe('');
      expect(indices).toHaveLength(10);
      expect(front.total()).toBe(1);
    } finally {
      await front.close();
    }
    const port = cam.port;
    await cam.stop();
    const off = relay.add('cam-2', `rtsp://127.0.0.1:${port}/stream`);
    await expect(off.reach()).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    // A session that closes ends its attempt (here before it began).
    await expect(off.reach(AbortSignal.abort())).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('listens on loopback only', async () => {
    const relayUrl = relay.add('cam-1', 'rtsp://u:p@127.0.0.1:1/x').url;
    const port = Number(new URL(relayUrl).port);
    const outside = Object.values(networkInterfaces())
      .flat()
      .find((info) => info && info.family === 'IPv4' && !info.internal);
    // Some sandboxes have no other interface; the loopback address is then the only one.
    if (outside) {
      await expect(connectTo(outside.address, port)).rejects.toMatchObject({
        code: 'ECONNREFUSED',
      });
    }
    const local = await connectTo('127.0.0.1', port);
    expect((local.address() as AddressInfo).address).toBe('127.0.0.1');
    local.destroy();
  });

  // Switching to another user needs root; elsewhere this case cannot be set up.
  (process.getuid?.() === 0 ? it : it.skip)(
    'refuses clients of other local users, who can read the relay URL in ps',
    async () => {
      const cam = await camera({ auth: { type: 'digest', user: USER, password: PASSWORD } });
      const relayUrl = relay.add('cam-1', withCredentials(cam)).url;
      const readOne = [...TCP, '-i', relayUrl, '-frames:v', '1', '-f', 'null', '-'];
      const nobody = await runFfmpeg(readOne, { uid: 65534, gid: 65534 });
      expect(nobody.code).not.toBe(0);
      const owner = await runFfmpeg(readOne);
      expect(owner.stderr).toBe('');
      expect(owner.code).toBe(0);
    },
  );

  it('closes a connection that sends an oversized message head', async () => {
    const relayUrl = relay.add('cam-1', 'rtsp://u:p@127.0.0.1:1/x').url;
    const socket = await connectTo('127.0.0.1', Number(new URL(relayUrl).port));
    const closed = new Promise((resolve) => socket.on('close', resolve));
    socket.on('error', () => undefined);
    socket.write(`OPTIONS ${relayUrl} RTSP/1.0\r\nX-Filler: ${'a'.repeat(20_000)}`);
    await closed;
  });
});

/** A TLS front for a plain camera, with a throw-away self-signed certificate, like many cameras. */
async function startTlsFront(cameraPort: number) {
  const dir = mkdtempSync(join(tmpdir(), 'relay-tls-'));
  const [key, cert] = [join(dir, 'key.pem'), join(dir, 'cert.pem')];
  const made = spawnSync('openssl', [
    ...['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=camera'],
    ...['-keyout', key, '-out', cert],
  ]);
  if (made.status !== 0) throw new Error(`openssl failed: ${made.stderr}`);
  const server = createTlsServer({ key: readFileSync(key), cert: readFileSync(cert) }, (tls) => {
    const plain = connect({ host: '127.0.0.1', port: cameraPort });
    tls.pipe(plain).pipe(tls);
    tls.on('error', () => plain.destroy());
    plain.on('error', () => tls.destroy());
  });
  rmSync(dir, { recursive: true, force: true });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => server.close(),
  };
}

function connectTo(host: string, port: number) {
  return new Promise<import('node:net').Socket>((resolve, reject) => {
    const socket = connect({ host, port });
    socket.once('connect', () => resolve(socket));
    socket.once('error', reject);
  });
}
