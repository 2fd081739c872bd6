// What talks to the server and the cameras: REST calls, Node WebSocket viewers (the app's own
// origin), plain ffmpeg readers of a camera, and an fMP4 frame timer.
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';
import { buildRtspIngestArgs, decodeFrameIndex } from './ts-source.mjs';
import { finishProcess, spawnTracked, stopProcess } from './processes.mjs';

const require = createRequire(import.meta.url);
const WebSocket = require('ws');

export async function post(baseUrl, path, body) {
  const started = performance.now();
  const response = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: baseUrl },
    body: JSON.stringify(body),
  });
  const json = await response.json().catch(() => null);
  return { status: response.status, body: json, ms: performance.now() - started };
}

export async function openSession(baseUrl, url, name) {
  const result = await post(baseUrl, '/session/open', { url, name });
  if (result.status !== 200 && result.status !== 201) {
    throw new Error(`open ${url}: ${result.status} ${JSON.stringify(result.body)}`);
  }
  return { id: result.body.session_id, ms: result.ms };
}

export const closeSession = (baseUrl, id) => post(baseUrl, '/session/close', { session_id: id });

/** Frames in a binary fMP4 message: the sample counts of its `moof/traf/trun` boxes. */
export function fmp4Frames(data) {
  let frames = 0;
  const walk = (start, end) => {
    for (let at = start; at + 8 <= end;) {
      const size = data.readUInt32BE(at);
      const type = data.toString('latin1', at + 4, at + 8);
      if (size < 8 || at + size > end) return;
      if (type === 'moof' || type === 'traf') walk(at + 8, at + size);
      else if (type === 'trun') frames += data.readUInt32BE(at + 12);
      at += size;
    }
  };
  walk(0, data.length);
  return frames;
}

/** A WebSocket viewer of a session, counting frames as they arrive. */
export function viewer(baseUrl, sessionId, format, onBinary) {
  const url = `${baseUrl.replace('http://', 'ws://')}/stream?session_id=${sessionId}&format=${format}`;
  const socket = new WebSocket(url, { origin: baseUrl });
  const stats = { frames: 0, bytes: 0 };
  socket.on('message', (data, isBinary) => {
    if (!isBinary) return;
    stats.frames += format === 'mse' ? fmp4Frames(data) : 1;
    stats.bytes += data.length;
    onBinary?.(data, Date.now());
  });
  socket.on('error', () => undefined);
  const opened = new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  return { socket, stats, opened, close: () => socket.terminate() };
}

/** A plain ffmpeg reader of a camera (the camera's own capacity): copies, decodes nothing. */
export function directReader(url) {
  const rtsp = url.startsWith('rtsp:') ? ['-rtsp_transport', 'tcp'] : [];
  const child = spawnTracked('ffmpeg', [
    ...['-hide_banner', '-nostdin', '-loglevel', 'error', ...rtsp, '-i', url],
    ...[
      '-map',
      '0:v:0',
      '-c',
      'copy',
      '-f',
      'null',
      '-progress',
      'pipe:1',
      // The count is as fresh as the last report: at 0.5 s, a 3 s window was off by 4 fps.
      '-stats_period',
      '0.1',
      '-',
    ],
  ]);
  const stats = { frames: 0 };
  createInterface({ input: child.stdout }).on('line', (line) => {
    const match = /^frame=(\d+)/.exec(line);
    if (match) stats.frames = Number(match[1]);
  });
  return { child, stats, close: () => stopProcess(child, 2000) };
}

/**
 * Times frames of an fMP4 byte stream: `push(chunk, atMs)` as the bytes arrive; each complete
 * `mdat` is one frame (the ingest writes one frame per fragment), decoded in order by ffmpeg to
 * read its bar. `frames()` pairs the k-th mdat's arrival with the k-th decoded index.
 */
export function fmp4FrameTimer(width, height) {
  const decoder = spawnTracked(
    'ffmpeg',
    [
      ...[
        '-hide_banner',
        '-nostdin',
        '-loglevel',
        'error',
        '-probesize',
        '32',
        '-analyzeduration',
        '0',
      ],
      ...['-f', 'mp4', '-i', 'pipe:0', '-map', '0:v:0', '-fps_mode', 'passthrough'],
      ...['-f', 'rawvideo', '-pix_fmt', 'gray', 'pipe:1'],
    ],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  decoder.stdin.on('error', () => undefined);
  const arrivals = [];
  const indices = [];
  const frameSize = width * height;
  let pendingBox = Buffer.alloc(0);
  let pendingGray = Buffer.alloc(0);
  decoder.stdout.on('data', (chunk) => {
    pendingGray = Buffer.concat([pendingGray, chunk]);
    while (pendingGray.length >= frameSize) {
      indices.push(decodeFrameIndex(pendingGray.subarray(0, frameSize), width, height));
      pendingGray = pendingGray.subarray(frameSize);
    }
  });
  return {
    push(chunk, atMs) {
      decoder.stdin.write(chunk);
      pendingBox = Buffer.concat([pendingBox, chunk]);
      while (pendingBox.length >= 8) {
        const size = pendingBox.readUInt32BE(0);
        if (size < 8 || pendingBox.length < size) break;
        if (pendingBox.toString('latin1', 4, 8) === 'mdat') arrivals.push(atMs);
        pendingBox = pendingBox.subarray(size);
      }
    },
    async frames() {
      // On a busy machine the decoder lags behind: let it finish what it was given.
      decoder.stdin.end();
      await finishProcess(decoder, 20_000);
      return indices
        .map((index, k) => ({ index, atMs: arrivals[k] }))
        .filter((f) => f.index !== null && f.atMs !== undefined);
    },
  };
}

/** The server's ingest command on a camera, run by the bench: camera → ingest output. */
export function ingestLikeReader(url, onChunk) {
  const args = buildRtspIngestArgs({
    url,
    socketTimeoutS: 10,
    audioMode: 'copy',
    audioBitrate: '64k',
  });
  const child = spawnTracked('ffmpeg', args);
  child.stdout.on('data', (chunk) => onChunk(chunk, Date.now()));
  return { child, close: () => stopProcess(child, 2000) };
}

/** A plain ffmpeg reader that decodes the camera: each frame's arrival, and its bar. */
export function decodingReader(url, width, height) {
  const rtsp = url.startsWith('rtsp:') ? ['-rtsp_transport', 'tcp'] : [];
  const child = spawnTracked('ffmpeg', [
    // One decoder thread: frame threads would hold back a frame per thread.
    ...['-hide_banner', '-nostdin', '-loglevel', 'error', '-threads', '1', ...rtsp, '-i', url],
    ...[
      '-map',
      '0:v:0',
      '-fps_mode',
      'passthrough',
      '-flush_packets',
      '1',
      '-f',
      'rawvideo',
      '-pix_fmt',
      'gray',
      'pipe:1',
    ],
  ]);
  const frames = [];
  const frameSize = width * height;
  let pending = Buffer.alloc(0);
  child.stdout.on('data', (chunk) => {
    const at = Date.now();
    pending = Buffer.concat([pending, chunk]);
    while (pending.length >= frameSize) {
      const index = decodeFrameIndex(pending.subarray(0, frameSize), width, height);
      if (index !== null) frames.push({ index, atMs: at });
      pending = pending.subarray(frameSize);
    }
  });
  return {
    frames: async () => {
      await stopProcess(child, 2000);
      return frames;
    },
  };
}
