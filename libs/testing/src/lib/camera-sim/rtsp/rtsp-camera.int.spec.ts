import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isPidAlive } from '@camrec/process';
import { SimCamera } from '../camera-options';
import { childPidsMatching } from '../../process/child-pids';
import { frameLogLines, parseFrameLog } from '../emit/frame-log';
import { deltas, probeStreams, readGrayFrames, runProcess } from '../test-support/media-client';
import { startRtspCamera } from './rtsp-camera';

const SIZE = { width: 640, height: 360 };
/** For tests about something else than the picture: cheaper to encode and decode. */
const SMALL = { width: 320, height: 180 };
const TCP = ['-rtsp_transport', 'tcp'];
const UDP = ['-rtsp_transport', 'udp'];
const dir = mkdtempSync(join(tmpdir(), 'camera-sim-rtsp-'));
// At the top level: runs after the describe blocks' afterAll hooks have stopped their cameras.
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function stopAndCheck(camera: SimCamera): Promise<void> {
  const pids = camera.pids();
  await camera.stop();
  await camera.stop(); // idempotent
  for (const pid of pids) expect(isPidAlive(pid)).toBe(false);
}

/**
 * Frames decoded by one client show the bar, with increasing indices. A client may join mid-GOP
 * and, on a loaded machine, lose RTP packets; the decoder then conceals the damage by repeating
 * or mixing reference content, so a few frames may be unreadable or out of order; and an
 * encoder that falls behind the clock (H.265 in software, on a busy CI machine) repeats frames
 * to keep the rate. Mostly in order (repeats allowed), and moving on.
 */
function expectIncreasingIndices(indices: Array<number | null>, count: number): void {
  expect(indices).toHaveLength(count);
  const read = indices.filter((index): index is number => index !== null);
  expect(read.length).toBeGreaterThanOrEqual(count / 2);
  const steps = deltas(read);
  expect(steps.filter((step) => step >= 0).length).toBeGreaterThanOrEqual(0.75 * steps.length);
  expect(read[read.length - 1]).toBeGreaterThan(read[0]);
}

/** Presentation times of the first `count` video packets of an RTSP stream, read over TCP. */
async function videoPacketTimesOf(url: string, count: number): Promise<number[]> {
  const packets = await runProcess('ffprobe', [
    '-v',
    'error',
    ...TCP,
    '-select_streams',
    'v:0',
    '-show_entries',
    'packet=pts_time',
    '-read_intervals',
    `%+#${count}`,
    '-of',
    'csv=p=0',
    url,
  ]);
  return packets.stdout.toString().trim().split('\n').map(Number).filter(Number.isFinite);
}

describe('RTSP camera (H.264)', () => {
  let camera: SimCamera;

  beforeAll(async () => {
    camera = await startRtspCamera();
  });
  afterAll(() => stopAndCheck(camera));

  it('has a URL with the bound port and runs a renderer and a server process', () => {
    expect(camera.url).toBe(`rtsp://127.0.0.1:${camera.port}/stream`);
    expect(camera.pids()).toHaveLength(2);
    expect(camera.pids().every(isPidAlive)).toBe(true);
  });

  it.each([
    ['TCP', TCP],
    ['UDP', UDP],
  ])('serves two ffmpeg clients at once over %s', async (_transport, transport) => {
    const [probe, first, second] = await Promise.all([
      probeStreams(camera.url, transport),
      readGrayFrames(camera.url, 20, SIZE, transport),
      readGrayFrames(camera.url, 20, SIZE, transport),
    ]);
    expect(probe).toEqual([
      expect.objectContaining({ codec_type: 'video', codec_name: 'h264', width: 640, height: 360 }),
    ]);
    expectIncreasingIndices(first.indices, 20);
    expectIncreasingIndices(second.indices, 20);
  });

  it('serves one stream whatever the query: a client of another query does not starve the first', async () => {
    const [first, second] = await Promise.all([
      readGrayFrames(camera.url, 20, SIZE, TCP),
      readGrayFrames(`${camera.url}?client=2`, 20, SIZE, TCP),
    ]);
    expectIncreasingIndices(first.indices, 20);
    expectIncreasingIndices(second.indices, 20);
  });
});

describe('RTSP camera variants', () => {
  it("encodes H.264 as x264's ultrafast preset means it, trellis quantisation off (half the CPU)", async () => {
    const camera = await startRtspCamera(SMALL);
    try {
      // x264 writes its settings in a message of the stream's first frame.
      const { stdout } = await runProcess('ffmpeg', [
        '-hide_banner', '-loglevel', 'error', ...TCP, '-i', camera.url,
        '-map', '0:v:0', '-c', 'copy', '-frames:v', '3', '-f', 'h264', 'pipe:1',
      ]); // prettier-ignore
      const settings = /x264 - core .*/.exec(stdout.toString('latin1'))?.[0] ?? 'none';
      expect(settings).toMatch(/ me=dia subme=0 /);
      expect(settings).toMatch(/ trellis=0 /);
    } finally {
      await stopAndCheck(camera);
    }
  });

  it('H.265 with G.711 A-law audio probes as hevc + pcm_alaw', async () => {
    const camera = await startRtspCamera({
      codec: 'h265',
      audio: 'pcma',
      path: '/cam/hevc',
      ...SMALL,
    });
    try {
      expect(camera.url).toMatch(/\/cam\/hevc$/);
      const streams = await probeStreams(camera.url, TCP);
      expect(streams.map((s) => s.codec_name).sort()).toEqual(['hevc', 'pcm_alaw']);
      const { indices } = await readGrayFrames(camera.url, 10, SMALL, TCP);
      expectIncreasingIndices(indices, 10);
    } finally {
      await stopAndCheck(camera);
    }
  });

  it('H.264 main profile with AAC audio, vfr: timestamps and the frame log are irregular', async () => {
    const log = join(dir, 'vfr.log');
    const camera = await startRtspCamera({
      profile: 'main',
      audio: 'aac',
      vfr: true,
      log,
      ...SMALL,
    });
    try {
      const streams = await probeStreams(camera.url, UDP);
      expect(streams.map((s) => s.codec_name).sort()).toEqual(['aac', 'h264']);
      expect(streams.find((s) => s.codec_name === 'h264')?.profile).toBe('Main');
      // Intervals of 0.5 to 2 frame times (a ratio of 4), stamped as the frames reach the RTSP
      // server: a busy machine evens them out (1.9 seen, once 1 in a run at load 9), a constant
      // rate stays near 1. Read twice at most, each read saying what it saw.
      const reads: string[] = [];
      for (let read = 0; read < 2; read++) {
        const pts = await videoPacketTimesOf(camera.url, 24);
        expect(pts.length).toBeGreaterThan(15);
        // Audio/video sync on the first RTCP report may shift the timestamps once.
        const intervals = deltas(pts).filter((interval) => interval > 0);
        const ratio = Math.max(...intervals) / Math.min(...intervals);
        if (ratio > 1.5) break;
        reads.push(`ratio ${ratio.toFixed(2)} in ${pts.join(' ')}`);
      }
      expect(reads.length < 2 ? [] : reads).toEqual([]);
    } finally {
      await stopAndCheck(camera);
    }
    const frameIntervals = deltas(parseFrameLog(readFileSync(log, 'utf8')).map(([, ms]) => ms));
    expect(Math.min(...frameIntervals)).toBeLessThan(30);
    expect(Math.max(...frameIntervals)).toBeGreaterThan(70);
  });
});

describe('RTSP camera with auth', () => {
  it.each(['basic', 'digest'] as const)(
    '%s: refuses missing or wrong credentials, accepts right ones',
    async (type) => {
      const auth = { type, user: 'viewer', password: 'p@ss' };
      const camera = await startRtspCamera({ auth, ...SMALL });
      try {
        expect(camera.urlWithCredentials).toBe(
          `rtsp://viewer:p%40ss@127.0.0.1:${camera.port}/stream`,
        );
        const wrong = camera.url.replace('rtsp://', 'rtsp://viewer:nope@');
        const [missing, refused, accepted] = await Promise.all([
          readGrayFrames(camera.url, 3, SMALL, TCP),
          readGrayFrames(wrong, 3, SMALL, TCP),
          readGrayFrames(camera.urlWithCredentials ?? 'missing', 3, SMALL, TCP),
        ]);
        expect(missing.result.stderr).toMatch(/401 Unauthorized/);
        expect(refused.result.stderr).toMatch(/401 Unauthorized/);
        expect(accepted.result.stderr).not.toMatch(/401/);
        expect(accepted.frames).toHaveLength(3);
      } finally {
        await stopAndCheck(camera);
      }
    },
  );
});

describe('RTSP camera faults and restarts', () => {
  it('dropAfterFrames: removes the clients after N frames', async () => {
    const camera = await startRtspCamera({ dropAfterFrames: 25, ...SMALL });
    try {
      const started = Date.now();
      const { frames } = await readGrayFrames(camera.url, 1000, SMALL, TCP, 15_000);
      expect(Date.now() - started).toBeLessThan(8000);
      // Counted at the encoder; a few more may be on their way when the clients are removed.
      expect(frames.length).toBeGreaterThanOrEqual(20);
      expect(frames.length).toBeLessThanOrEqual(30);
    } finally {
      await stopAndCheck(camera);
    }
  });

  it('silent: accepts the connection and never answers', async () => {
    const camera = await startRtspCamera({ silent: true });
    try {
      const received = await new Promise<{ bytes: number; open: boolean }>((resolve, reject) => {
        const socket = connect(camera.port, '127.0.0.1', () =>
          socket.write(`OPTIONS ${camera.url} RTSP/1.0\r\nCSeq: 1\r\n\r\n`),
        );
        let bytes = 0;
        let open = true;
        socket.on('data', (chunk) => (bytes += chunk.length));
        socket.on('close', () => (open = false));
        socket.on('error', reject);
        setTimeout(() => {
          resolve({ bytes, open });
          socket.destroy();
        }, 1000);
      });
      expect(received).toEqual({ bytes: 0, open: true });
    } finally {
      await stopAndCheck(camera);
    }
  });

  it('restarts on the same port and URL after a client was connected', async () => {
    const first = await startRtspCamera(SMALL);
    await readGrayFrames(first.url, 5, SMALL, TCP);
    await stopAndCheck(first);
    const second = await startRtspCamera({ port: first.port, ...SMALL });
    try {
      expect(second.url).toBe(first.url);
      const { frames } = await readGrayFrames(second.url, 5, SMALL, TCP);
      expect(frames).toHaveLength(5);
    } finally {
      await stopAndCheck(second);
    }
  });

  it('skips the frames that fell due while it was held up, marks them in its frame log, and no client sees them', async () => {
    const log = join(dir, 'behind.log');
    const camera = await startRtspCamera({ log, ...SMALL });
    try {
      const server = camera.pids()[1];
      const reading = readGrayFrames(camera.url, 75, SMALL, TCP);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      // About 15 frames fall due while it cannot run; it reads them all on waking and sends
      // the last few.
      process.kill(server, 'SIGSTOP');
      await new Promise((resolve) => setTimeout(resolve, 600));
      process.kill(server, 'SIGCONT');
      const { indices } = await reading;
      await new Promise((resolve) => setTimeout(resolve, 200)); // the last DROPPED line
      const dropped = frameLogLines(readFileSync(log, 'utf8'))
        .filter(({ atMs }) => atMs === null)
        .map(({ index }) => index);
      expect(dropped.length).toBeGreaterThanOrEqual(8);
      const seen = indices.filter((index): index is number => index !== null);
      expect(seen.length).toBeGreaterThan(50);
      expect(seen.filter((index) => dropped.includes(index))).toEqual([]);
    } finally {
      await stopAndCheck(camera);
    }
  });

  it('fails to start, leaving nothing behind, saying why, when ffmpeg cannot render its picture', async () => {
    await expect(startRtspCamera({ scene: 'nosuchsource', ...SMALL })).rejects.toThrow(
      /ffmpeg renderer stopped: .*nosuchsource/s,
    );
    expect(childPidsMatching(/rtsp_server\.py/)).toEqual([]);
  });

  it('fails to start, leaving nothing behind, without a usable Python', async () => {
    await expect(startRtspCamera({ pythonPath: '/nonexistent/python3' })).rejects.toThrow(
      /cannot run \/nonexistent\/python3/,
    );
  });
});
