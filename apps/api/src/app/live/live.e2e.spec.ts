import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import {
  readFrameLog,
  startMjpegCamera,
  startRtspCamera,
  SimCamera,
} from '@camrec/testing/camera-sim';
import { parseFragmentInfo, readInitSegment } from '@camrec/mp4';
import { ChildProcessRegistry } from '@camrec/process';
import { JPEG_MESSAGE_HEADER_BYTES, JPEG_MESSAGE_MAGIC, STREAM_CLOSE } from '@camrec/shared-types';
import { serverMediaPids, startTestApp, TestApp } from '../../test-support/test-app';
import {
  ffprobe,
  frameIndices,
  framesMissed,
  framesSentFrom,
  heldBytes,
  sleep,
  waitFor,
} from '@camrec/testing';

interface Viewer {
  socket: WebSocket;
  texts: any[];
  binaries: Buffer[];
  closed: Promise<{ code: number; reason: string }>;
}

function connect(url: string): Promise<Viewer> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    const viewer: Viewer = {
      socket,
      texts: [],
      binaries: [],
      closed: new Promise((done) =>
        socket.on('close', (code, reason) => done({ code, reason: reason.toString() })),
      ),
    };
    socket.on('message', (data: Buffer, isBinary) => {
      if (isBinary) viewer.binaries.push(data);
      else viewer.texts.push(JSON.parse(data.toString()));
    });
    socket.on('open', () => resolve(viewer));
    socket.on('error', reject);
  });
}

/** AAC frames in a viewer's MSE messages (init segment first, then one fragment each). */
function audioFramesIn([init, ...fragments]: Buffer[]): number {
  const info = readInitSegment(init);
  const audio = info.tracks.find((track) => track.kind === 'audio');
  if (!audio) return 0;
  return fragments
    .filter((message) => message.subarray(4, 8).toString() !== 'ftyp')
    .flatMap((fragment) => parseFragmentInfo(fragment, info).tracks)
    .filter((track) => track.trackId === audio.id)
    .reduce((frames, track) => frames + track.sampleCount, 0);
}

/** Polls what the viewers received (in memory: every 100 ms costs nothing). */
function until(what: string, check: () => boolean, timeoutMs = 20_000): Promise<boolean> {
  return waitFor(what, check, { timeoutMs, intervalMs: 100 });
}

describe('live preview over /stream (booted app, simulated cameras)', () => {
  let app: TestApp;
  /** Where a test writes what it received (and a camera its frame log) for ffprobe to read. */
  let folder: string;
  const cameras: SimCamera[] = [];
  const viewers: Viewer[] = [];

  async function open(cam: Promise<SimCamera>): Promise<{ cam: SimCamera; sessionId: string }> {
    const started = await cam;
    cameras.push(started);
    const response = await fetch(`${app.baseUrl}/session/open`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ url: started.url }),
    });
    expect(response.status).toBe(201);
    return { cam: started, sessionId: (await response.json()).session_id };
  }
  async function view(query: string): Promise<Viewer> {
    const viewer = await connect(`${app.wsUrl}/stream?${query}`);
    viewers.push(viewer);
    return viewer;
  }

  beforeEach(async () => {
    folder = mkdtempSync(join(tmpdir(), 'camrec-live-'));
    // A pre-roll ring of 1 MB (its default is 32): it is bounded by design, and at full size it
    // would hide a viewer's queue in the memory check below (they hold the same frames).
    app = await startTestApp({ max_sessions: 3, pre_roll_ring_mb: 1 });
  });
  afterEach(async () => {
    viewers.splice(0).forEach((viewer) => viewer.socket.terminate());
    await app.close();
    await Promise.all(cameras.splice(0).map((cam) => cam.stop()));
    expect(serverMediaPids()).toEqual([]);
  });
  // After the cameras stopped (one writes its frame log there), also when the hook above fails.
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('mse: init message, init segment and fragments that ffprobe decodes, frame indices without a gap but those skipped for a slow viewer', async () => {
    const log = join(folder, 'frames.log');
    const { sessionId } = await open(startRtspCamera({ codec: 'h264', audio: 'aac', log }));
    const viewer = await view(`session_id=${sessionId}&format=mse`);
    // Audio fragments come between the video ones: collect by time, not by count.
    await until('the first fragments', () => viewer.binaries.length > 2, 30_000);
    await sleep(4000);
    // On a loaded machine the camera's audio can trail its video: wait for the AAC frames the
    // check below counts rather than trusting the 4 s to hold them.
    await until('more than 100 AAC frames', () => audioFramesIn(viewer.binaries) > 100, 30_000);
    // What the server skipped for this viewer (falling behind on a loaded machine), by its count.
    const statuses = () => viewer.texts.filter((m) => m.viewer);
    const before = statuses().length;
    viewer.socket.send(JSON.stringify({ type: 'stats' }));
    await until('the stats answer', () => statuses().length > before);
    const skipped = statuses().at(-1).viewer.frames_skipped as number;
    viewer.socket.close();

    const init = viewer.texts.find((message) => message.type === 'init');
    expect(init).toEqual({
      type: 'init',
      mime: expect.stringMatching(/^video\/mp4; codecs="avc1\.[0-9a-f]{6}, mp4a\.40\.2"$/),
      generation: expect.any(Number),
    });
    expect(viewer.binaries[0].subarray(4, 8).toString()).toBe('ftyp');

    const file = join(folder, 'received.mp4');
    writeFileSync(file, Buffer.concat(viewer.binaries));
    const streams = ffprobe(file, ['-count_packets', '-count_frames']).streams;
    expect(streams.find((s) => s.codec_type === 'video')).toMatchObject({
      codec_name: 'h264',
      width: 640,
      height: 360,
    });
    const audio = streams.find((s) => s.codec_type === 'audio');
    expect(audio).toMatchObject({ codec_name: 'aac' });
    // Every AAC frame sent is decoded: none starts where the one before did (a reader drops such
    // twins, which ffmpeg's live fMP4 writer makes; see FragmentTimeline).
    expect(Number(audio?.nb_read_packets)).toBeGreaterThan(100);
    expect(audio?.nb_read_frames).toBe(audio?.nb_read_packets);

    const indices = frameIndices(file, 640, 360);
    // The frames flowed: 4 s at 25 fps, received or skipped for the viewer (it fell behind).
    expect(indices.length + skipped).toBeGreaterThan(50);
    expect(indices).not.toContain(null);
    // Every frame the camera sent from the first one received, in order (a loaded machine may
    // make the camera itself skip a frame, or its encoder drop one: its log leaves those out),
    // but those the server said it skipped for the viewer.
    const sent = [...readFrameLog(log).keys()];
    if (skipped === 0) expect(indices).toEqual(framesSentFrom(sent, indices));
    else expect(framesMissed(sent, indices) ?? Infinity).toBeLessThanOrEqual(skipped);
  });

  it('jpeg: binary frames with a header, passed through from an MJPEG camera', async () => {
    const { sessionId } = await open(startMjpegCamera({ fps: 10 }));
    const viewer = await view(`session_id=${sessionId}&format=jpeg`);
    await until('10 frames', () => viewer.binaries.length >= 10);
    const numbers: number[] = [];
    for (const message of viewer.binaries.slice(0, 10)) {
      expect(message.readUInt32BE(0)).toBe(JPEG_MESSAGE_MAGIC);
      numbers.push(message.readUInt32BE(4));
      expect(Math.abs(message.readDoubleBE(8) - Date.now())).toBeLessThan(10_000);
      const jpeg = message.subarray(JPEG_MESSAGE_HEADER_BYTES);
      expect(jpeg.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
      expect(jpeg.subarray(-2)).toEqual(Buffer.from([0xff, 0xd9]));
    }
    for (let i = 1; i < numbers.length; i += 1) expect(numbers[i]).toBeGreaterThan(numbers[i - 1]);
    const file = join(folder, 'frame.jpg');
    writeFileSync(file, viewer.binaries[5].subarray(JPEG_MESSAGE_HEADER_BYTES));
    expect(ffprobe(file).streams[0]).toMatchObject({
      codec_name: 'mjpeg',
      width: 640,
      height: 360,
    });
    expect(frameIndices(file, 640, 360)[0]).toEqual(expect.any(Number));
  });

  it("json: the seed's frame message, field for field", async () => {
    const { sessionId } = await open(startMjpegCamera());
    const viewer = await view(`session_id=${sessionId}&format=json`);
    await until('5 frames', () => viewer.texts.filter((m) => m.type === 'frame').length >= 5);
    const frame = viewer.texts.find((m) => m.type === 'frame');
    expect(Object.keys(frame).sort()).toEqual(['data', 'frame_number', 'timestamp', 'type']);
    expect(Number.isInteger(frame.frame_number)).toBe(true);
    expect(frame.timestamp).toBeCloseTo(Date.now() / 1000, -2);
    expect(Buffer.from(frame.data, 'base64').subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
  });

  it('jpeg from an H.264 camera: one on-demand decoder, started by the first JPEG viewer and stopped after the last', async () => {
    const { sessionId } = await open(startRtspCamera());
    const registry = app.app.get(ChildProcessRegistry);
    const decoders = () => registry.list().filter((child) => child.name.startsWith('jpeg preview'));
    expect(decoders()).toEqual([]);
    const first = await view(`session_id=${sessionId}&format=jpeg`);
    const second = await view(`session_id=${sessionId}&format=jpeg`);
    await until('JPEG frames', () => first.binaries.length >= 5 && second.binaries.length >= 5);
    const file = join(folder, 'frame.jpg');
    writeFileSync(file, first.binaries[4].subarray(JPEG_MESSAGE_HEADER_BYTES));
    expect(ffprobe(file).streams[0]).toMatchObject({
      codec_name: 'mjpeg',
      width: 640,
      height: 360,
    });
    // One decoder for both viewers (between processes only while it restarts after a reconnect).
    await until('one decoder', () => decoders().length === 1);
    first.socket.close();
    // The second viewer keeps its frames after the first one leaves.
    const framesBefore = second.binaries.length;
    await until(
      'more frames for the second viewer',
      () => second.binaries.length > framesBefore + 10,
    );
    expect(decoders().length).toBeLessThanOrEqual(1);
    second.socket.close();
    await until('decoder stopped', () => decoders().length === 0);
    expect(registry.list().map((child) => child.name)).toEqual([`ingest ${sessionId}`]);
  });

  it('5 viewers on one session share one ingest process and all receive frames', async () => {
    const { cam, sessionId } = await open(startRtspCamera());
    const five = await Promise.all(
      [1, 2, 3, 4, 5].map(() => view(`session_id=${sessionId}&format=mse`)),
    );
    await until('every viewer has fragments', () => five.every((v) => v.binaries.length > 20));
    expect(serverMediaPids(cam.pids())).toHaveLength(1);
    const list = await (await fetch(`${app.baseUrl}/session/list`)).json();
    expect(list.sessions[0]).toMatchObject({ viewers: 5, preview_active: true });
  });

  it('a viewer that stops reading for 20 s slows nobody, memory stays bounded, and it resumes at the newest frame', async () => {
    const { sessionId } = await open(
      startMjpegCamera({ fps: 25, width: 1280, height: 720, quality: 95 }),
    );
    const fast = await view(`session_id=${sessionId}&format=jpeg`);
    const slow = await view(`session_id=${sessionId}&format=jpeg`);
    await until('both receive', () => fast.binaries.length > 10 && slow.binaries.length > 10);
    // Memory the server and the test share (one process).
    const heldBefore = heldBytes();

    // Stop reading from the socket: the server's writes back up through the kernel buffers.
    (slow.socket as unknown as { _socket: { pause(): void; resume(): void } })._socket.pause();
    const fastBefore = fast.binaries.length;
    const slowBefore = slow.binaries.length;
    await sleep(20_000);
    const fastFps = (fast.binaries.length - fastBefore) / 20;
    // The camera emits 25 fps; the fast viewer keeps (nearly) all of them.
    expect(fastFps).toBeGreaterThan(22);
    // Besides the frames the test's viewers keep (counted out), it grows by the slow viewer's
    // queue (1 MB of JPEGs) and the socket's backlog, not by 20 s of its video (500 frames).
    const bytesOf = (frames: Buffer[]) => frames.reduce((sum, b) => sum + b.length, 0);
    const keptByTest =
      bytesOf(fast.binaries.slice(fastBefore)) + bytesOf(slow.binaries.slice(slowBefore));
    const growthMb = (heldBytes() - heldBefore - keptByTest) / 1024 / 1024;
    const frameKb = bytesOf(fast.binaries.slice(-50)) / 50 / 1024;
    console.log(
      `held after 20 s of a viewer not reading, the test's frames aside: ` +
        `${growthMb.toFixed(1)} MB (frames of ${frameKb.toFixed(0)} KB)`,
    );
    expect(growthMb).toBeLessThan(8);

    (slow.socket as unknown as { _socket: { resume(): void } })._socket.resume();
    slow.socket.send(JSON.stringify({ type: 'stats' }));
    await until('slow viewer reports skipped frames', () =>
      slow.texts.some((m) => m.type === 'status' && m.viewer?.frames_skipped > 0),
    );
    const received = slow.binaries.length - slowBefore;
    expect(received).toBeLessThan(25 * 20);
    // Once it reads again it gets current frames: the newest number is close to the fast viewer's.
    await sleep(1000);
    const last = (v: Viewer) => v.binaries[v.binaries.length - 1].readUInt32BE(4);
    expect(last(fast) - last(slow)).toBeLessThan(25);
  });

  it("answers a clock request at once with the server's time, past the media queue", async () => {
    const { sessionId } = await open(startMjpegCamera());
    const viewer = await view(`session_id=${sessionId}&format=jpeg`);
    const sentAt = Date.now();
    viewer.socket.send(JSON.stringify({ type: 'clock', client_time: 12345 }));
    await until('the clock answer', () => viewer.texts.some((m) => m.type === 'clock'));
    const answer = viewer.texts.find((m) => m.type === 'clock');
    // Same process, same clock: the server's time lies within the round trip.
    expect(answer.client_time).toBe(12345);
    expect(answer.server_time).toBeGreaterThanOrEqual(sentAt);
    expect(answer.server_time).toBeLessThanOrEqual(Date.now());
    viewer.socket.send('not json');
    viewer.socket.send(JSON.stringify({ type: 'clock', client_time: 'soon' }));
    await sleep(300);
    expect(viewer.texts.filter((m) => m.type === 'clock')).toHaveLength(1);
    expect(viewer.socket.readyState).toBe(WebSocket.OPEN);
  });

  it('closes sockets with a reason when the session closes', async () => {
    const { sessionId } = await open(startMjpegCamera());
    const viewer = await view(`session_id=${sessionId}&format=jpeg`);
    await until('frames', () => viewer.binaries.length > 2);
    await fetch(`${app.baseUrl}/session/close`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ session_id: sessionId }),
    });
    const closed = await viewer.closed;
    expect(closed.code).toBe(STREAM_CLOSE.SESSION_CLOSED);
    expect(closed.reason).toMatch(/closed/);
    expect(viewer.texts.some((m) => m.type === 'status' && m.state === 'closed')).toBe(true);
  });

  it('refuses bad parameters with close codes and reasons', async () => {
    const { sessionId } = await open(startMjpegCamera());
    const unknown = await (
      await view('session_id=00000000-0000-4000-8000-000000000000&format=jpeg')
    ).closed;
    expect(unknown).toEqual({
      code: STREAM_CLOSE.SESSION_NOT_FOUND,
      reason: expect.stringContaining('not found'),
    });
    const missing = await (await view('format=jpeg')).closed;
    expect(missing).toEqual({ code: STREAM_CLOSE.BAD_REQUEST, reason: 'session_id is required' });
    const badFormat = await (await view(`session_id=${sessionId}&format=webm`)).closed;
    expect(badFormat).toEqual({
      code: STREAM_CLOSE.BAD_REQUEST,
      reason: expect.stringContaining('"webm"'),
    });
    const mseOnMjpeg = await (await view(`session_id=${sessionId}&format=mse`)).closed;
    expect(mseOnMjpeg).toEqual({
      code: STREAM_CLOSE.UNSUPPORTED_FORMAT,
      reason: expect.stringMatching(/jpeg or json/),
    });
  });
});
