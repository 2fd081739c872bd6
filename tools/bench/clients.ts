// What talks to the server and the cameras: REST calls, Node WebSocket viewers (the app's own
// origin), plain ffmpeg readers of a camera, and an fMP4 frame timer.
import { createInterface } from 'node:readline';
import { decodeFrameIndex } from '@camrec/testing';
import { buildRtspIngestArgs } from '@camrec/media';
import type { SessionInfo } from '@camrec/shared-types';
import WebSocket from 'ws';
import { finishProcess, type PipedChild, spawnPiped, spawnTracked, stopProcess } from './processes';

export interface Answer<T> {
  status: number;
  /** The JSON body; null when there was none. */
  body: T | null;
  ms: number;
}

/** A JSON request with the app's own origin (state changes need it), timed. */
export async function request<T = unknown>(
  baseUrl: string,
  method: 'POST' | 'PATCH' | 'PUT' | 'DELETE' | 'GET',
  path: string,
  body?: unknown,
): Promise<Answer<T>> {
  const started = performance.now();
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers:
      body === undefined
        ? { origin: baseUrl }
        : { 'content-type': 'application/json', origin: baseUrl },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await response.json().catch(() => null)) as T | null;
  return { status: response.status, body: json, ms: performance.now() - started };
}

export const post = <T = unknown>(baseUrl: string, path: string, body: unknown) =>
  request<T>(baseUrl, 'POST', path, body);

/** GET of a JSON document; throws unless it answers 200. */
export async function getJson<T>(baseUrl: string, path: string): Promise<T> {
  const response = await fetch(`${baseUrl}${path}`);
  if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

export interface OpenedSession {
  id: string;
  ms: number;
}

export async function openSession(
  baseUrl: string,
  url: string,
  name: string,
): Promise<OpenedSession> {
  const result = await post<SessionInfo>(baseUrl, '/session/open', { url, name });
  if ((result.status !== 200 && result.status !== 201) || !result.body) {
    throw new Error(`open ${url}: ${result.status} ${JSON.stringify(result.body)}`);
  }
  return { id: result.body.session_id, ms: result.ms };
}

export const closeSession = (baseUrl: string, id: string) =>
  post(baseUrl, '/session/close', { session_id: id });

/** Frames in a binary fMP4 message: the sample counts of its `moof/traf/trun` boxes. */
export function fmp4Frames(data: Buffer): number {
  let frames = 0;
  const walk = (start: number, end: number) => {
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

/** Something that counts the frames it receives. */
export interface FrameCounter {
  stats: { frames: number };
}

export interface Viewer extends FrameCounter {
  socket: WebSocket;
  stats: { frames: number; bytes: number };
  opened: Promise<void>;
  close(): void;
}

export type StreamFormat = 'mse' | 'jpeg' | 'json';

/** A WebSocket viewer of a session, counting frames as they arrive. */
export function viewer(
  baseUrl: string,
  sessionId: string,
  format: StreamFormat,
  onBinary?: (data: Buffer, atMs: number) => void,
): Viewer {
  const url = `${baseUrl.replace('http://', 'ws://')}/stream?session_id=${sessionId}&format=${format}`;
  const socket = new WebSocket(url, { origin: baseUrl });
  const stats = { frames: 0, bytes: 0 };
  socket.on('message', (data: Buffer, isBinary) => {
    if (!isBinary) return;
    stats.frames += format === 'mse' ? fmp4Frames(data) : 1;
    stats.bytes += data.length;
    onBinary?.(data, Date.now());
  });
  socket.on('error', () => undefined);
  const opened = new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return { socket, stats, opened, close: () => socket.terminate() };
}

const rtspInput = (url: string) => (url.startsWith('rtsp:') ? ['-rtsp_transport', 'tcp'] : []);

export interface DirectReader extends FrameCounter {
  child: PipedChild;
  close(): Promise<void>;
}

/** A plain ffmpeg reader of a camera (the camera's own capacity): copies, decodes nothing. */
export function directReader(url: string): DirectReader {
  const child = spawnTracked('ffmpeg', [
    ...['-hide_banner', '-nostdin', '-loglevel', 'error', ...rtspInput(url), '-i', url],
    ...['-map', '0:v:0', '-c', 'copy', '-f', 'null', '-progress', 'pipe:1'],
    // The count is as fresh as the last report: at 0.5 s, a 3 s window was off by 4 fps.
    ...['-stats_period', '0.1', '-'],
  ]);
  const stats = { frames: 0 };
  createInterface({ input: child.stdout }).on('line', (line) => {
    const match = /^frame=(\d+)/.exec(line);
    if (match) stats.frames = Number(match[1]);
  });
  return { child, stats, close: () => stopProcess(child, 2000) };
}

export interface TimedFrame {
  /** The frame-index bar's value. */
  index: number;
  /** Wall-clock arrival, ms. */
  atMs: number;
}

export interface Fmp4FrameTimer {
  push(chunk: Buffer, atMs: number): void;
  frames(): Promise<TimedFrame[]>;
}

/**
 * Times frames of an fMP4 byte stream: `push(chunk, atMs)` as the bytes arrive; each complete
 * `mdat` is one frame (the ingest writes one frame per fragment), decoded in order by ffmpeg to
 * read its bar. `frames()` pairs the k-th mdat's arrival with the k-th decoded index.
 */
export function fmp4FrameTimer(width: number, height: number): Fmp4FrameTimer {
  const decoder = spawnPiped('ffmpeg', [
    ...['-hide_banner', '-nostdin', '-loglevel', 'error', '-probesize', '32'],
    ...['-analyzeduration', '0'],
    ...['-f', 'mp4', '-i', 'pipe:0', '-map', '0:v:0', '-fps_mode', 'passthrough'],
    ...['-f', 'rawvideo', '-pix_fmt', 'gray', 'pipe:1'],
  ]);
  decoder.stdin.on('error', () => undefined);
  const arrivals: number[] = [];
  const indices: (number | null)[] = [];
  const frameSize = width * height;
  let pendingBox = Buffer.alloc(0);
  let pendingGray = Buffer.alloc(0);
  decoder.stdout.on('data', (chunk: Buffer) => {
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
      const timed: TimedFrame[] = [];
      indices.forEach((index, k) => {
        const atMs = arrivals[k];
        if (index !== null && atMs !== undefined) timed.push({ index, atMs });
      });
      return timed;
    },
  };
}

/** The server's ingest command on a camera, run by the bench: camera → ingest output. */
export function ingestLikeReader(
  url: string,
  onChunk: (chunk: Buffer, atMs: number) => void,
): { child: PipedChild; close(): Promise<void> } {
  const args = buildRtspIngestArgs({
    url,
    socketTimeoutS: 10,
    audioMode: 'copy',
    audioBitrate: '64k',
  });
  const child = spawnTracked('ffmpeg', args);
  child.stdout.on('data', (chunk: Buffer) => onChunk(chunk, Date.now()));
  return { child, close: () => stopProcess(child, 2000) };
}

/** A plain ffmpeg reader that decodes the camera: each frame's arrival, and its bar. */
export function decodingReader(
  url: string,
  width: number,
  height: number,
): { frames(): Promise<TimedFrame[]> } {
  const child = spawnTracked('ffmpeg', [
    // One decoder thread: frame threads would hold back a frame per thread.
    ...['-hide_banner', '-nostdin', '-loglevel', 'error', '-threads', '1', ...rtspInput(url)],
    ...['-i', url, '-map', '0:v:0', '-fps_mode', 'passthrough', '-flush_packets', '1'],
    ...['-f', 'rawvideo', '-pix_fmt', 'gray', 'pipe:1'],
  ]);
  const frames: TimedFrame[] = [];
  const frameSize = width * height;
  let pending = Buffer.alloc(0);
  child.stdout.on('data', (chunk: Buffer) => {
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
