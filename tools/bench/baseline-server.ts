// The BASELINE: the original design's pipeline, rebuilt for the bench only. Per camera, one
// decoder that turns every frame into a JPEG at quality 70 (the original used OpenCV's
// VideoCapture + imencode; ffmpeg does the same work here, since OpenCV may not be built), each
// JPEG sent as base64 JSON `{type, data, timestamp, frame_number}` over a WebSocket; recording
// is a second ffmpeg per camera re-encoding with libx264 -preset veryfast -crf 23.
// Its own process, so that its CPU and memory are read from /proc like the server's; built to
// plain JavaScript (`nx run bench:build`, dist/tools/bench/baseline-server.js) so that no
// TypeScript compiler sits in its heap. It imports nothing but Node's modules and ws.
//
//   node dist/tools/bench/baseline-server.js '{"previews":[URL...],"records":[URL...],"videosDir":DIR,"qscale":N}'
// prints "READY <port>"; viewers connect to ws://127.0.0.1:<port>/?camera=<i>;
// GET /?camera=<i> is the original design's viewer page; POST /stop?camera=<i> stops recording
// <i> and answers {file, ms, code} once the MP4 is complete.
import { type ChildProcessByStdio, spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';

/** The harness's one argument, as JSON. */
export interface BaselineHarnessConfig {
  /** Cameras with a preview decoder (viewer `?camera=` is the index here). */
  previews: string[];
  /** Cameras recorded from the start (`/stop?camera=` is the index here). */
  records: string[];
  videosDir: string;
  /** ffmpeg's -q:v for JPEG quality 70, as the server's own preview computes it. */
  qscale: number;
}

/** `POST /stop?camera=<i>`'s answer. */
export interface BaselineStop {
  file: string;
  ms: number;
  code: number | null;
}

const { previews, records, videosDir, qscale } = JSON.parse(
  process.argv[2] ?? '{}',
) as BaselineHarnessConfig;
const children: ChildProcessByStdio<Writable, Readable, null>[] = [];
const ffmpeg = (args: string[]) => {
  const child = spawn('ffmpeg', ['-hide_banner', '-nostdin', '-loglevel', 'error', ...args], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  child.stdin.on('error', () => undefined);
  child.on('exit', (code, signal) =>
    console.error(`baseline: ffmpeg ${args.at(-1)} exited (${signal ?? code})`),
  );
  children.push(child);
  return child;
};
const inputArgs = (url: string) => [
  ...(url.startsWith('rtsp:') ? ['-rtsp_transport', 'tcp'] : []),
  '-i',
  url,
];
const EOI = Buffer.from([0xff, 0xd9]);

const viewers = previews.map(() => new Set<WebSocket>());
previews.forEach((url, camera) => {
  const decoder = ffmpeg([
    ...inputArgs(url),
    // Every decoded frame becomes a JPEG, numbered 0, 1, 2… in the stream's time base, which
    // the encoder keeps (`-enc_time_base -1`): camera timestamps can repeat or jitter onto the
    // same tick of a guessed frame rate, and the JPEG encoder stops on that ("Invalid pts");
    // the JSON message carries its own time. One encoder thread, as imencode() encodes each
    // frame on its own (a frame-threaded encoder holds JPEGs back until later frames come).
    ...['-map', '0:v:0', '-an', '-fps_mode', 'passthrough', '-vf', 'setpts=N'],
    ...['-enc_time_base', '-1', '-c:v', 'mjpeg', '-threads', '1'],
    ...['-q:v', String(qscale), '-f', 'mjpeg', 'pipe:1'],
  ]);
  let pending = Buffer.alloc(0);
  let frameNumber = 0;
  decoder.stdout.on('data', (chunk: Buffer) => {
    pending = Buffer.concat([pending, chunk]);
    // Entropy-coded data never holds an unstuffed FF D9, so the first one ends the JPEG.
    for (let end = pending.indexOf(EOI); end >= 0; end = pending.indexOf(EOI)) {
      const jpeg = pending.subarray(0, end + 2);
      pending = pending.subarray(end + 2);
      const message = JSON.stringify({
        type: 'frame',
        data: jpeg.toString('base64'),
        timestamp: Date.now() / 1000,
        frame_number: frameNumber++,
      });
      for (const socket of viewers[camera]) socket.send(message);
    }
  });
});

const recorders = records.map((url, camera) => {
  const file = join(videosDir, `baseline-${camera}-${Date.now()}.mp4`);
  const child = ffmpeg([
    ...inputArgs(url),
    ...['-map', '0:v:0', '-an', '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '23', '-y', file],
  ]);
  return { child, file };
});

// The original design's viewer: each JSON frame becomes the data: URL of an <img>.
const VIEWER_PAGE = `<!doctype html><img id="live" alt="live"><script>
const image = document.getElementById('live');
const socket = new WebSocket('ws://' + location.host + '/' + location.search);
socket.onmessage = (event) => {
  image.src = 'data:image/jpeg;base64,' + JSON.parse(event.data).data;
};
</script>`;

const server = createServer((request, response) => {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  if (request.method === 'GET' && url.pathname === '/') {
    response.writeHead(200, { 'content-type': 'text/html' }).end(VIEWER_PAGE);
    return;
  }
  const recorder = recorders[Number(url.searchParams.get('camera'))];
  if (request.method !== 'POST' || url.pathname !== '/stop' || !recorder) {
    response.writeHead(404).end();
    return;
  }
  const started = performance.now();
  const killer = setTimeout(() => recorder.child.kill('SIGKILL'), 15_000);
  recorder.child.once('exit', (code) => {
    clearTimeout(killer);
    const answer: BaselineStop = { file: recorder.file, ms: performance.now() - started, code };
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify(answer));
  });
  // On SIGINT ffmpeg finishes the file (writes the moov) and exits.
  recorder.child.kill('SIGINT');
});
const sockets = new WebSocketServer({ server });
sockets.on('connection', (socket, request) => {
  const camera = Number(new URL(request.url ?? '/', 'http://127.0.0.1').searchParams.get('camera'));
  const audience = viewers[camera];
  if (!audience) {
    socket.close(4404, 'no such camera');
    return;
  }
  audience.add(socket);
  socket.on('close', () => audience.delete(socket));
});
server.listen(0, '127.0.0.1', () => console.log(`READY ${(server.address() as AddressInfo).port}`));

const stop = () => {
  for (const child of children) child.kill('SIGKILL');
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.on('disconnect', stop);
