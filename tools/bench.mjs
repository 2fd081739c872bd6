// `npm run bench`: measures the production build against simulated cameras on 127.0.0.1 and
// writes bench-results/<timestamp>.json (summarised by hand in BENCHMARKS.md).
// Every loop is bounded in count and time; every process started here is stopped at the end.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const require = createRequire(import.meta.url);
const WebSocket = require('ws');
const env = { ...process.env, NG_CLI_ANALYTICS: 'false', NX_NO_CLOUD: 'true', NX_DAEMON: 'false' };
const children = [];
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function start(args, readyPattern) {
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no ready line from ${args.join(' ')}`)),
      30_000,
    );
    createInterface({ input: child.stdout }).on('line', (line) => {
      const match = readyPattern.exec(line);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1] });
      }
    });
    child.on('exit', () => reject(new Error(`${args.join(' ')} exited`)));
  });
}

/** CPU seconds of a process (Linux /proc; clock ticks are 100 per second there). */
function cpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(stat[11]) + Number(stat[12])) / 100;
}

/** The server's own CPU and RSS, and the CPU of its ffmpeg children (ingest, decoders). */
function usage(pid) {
  const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
    .trim()
    .split(/\s+/)
    .filter(Boolean);
  let childCpuS = 0;
  for (const child of children) {
    try {
      childCpuS += cpuSeconds(child);
    } catch {
      // exited meanwhile
    }
  }
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]);
  return { cpuS: cpuSeconds(pid), childCpuS, children: children.length, rssMb: rssKb / 1024 };
}

async function post(base, path, body) {
  const response = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

function viewer(wsBase, sessionId, format) {
  const socket = new WebSocket(`${wsBase}/stream?session_id=${sessionId}&format=${format}`);
  const stats = { messages: 0, bytes: 0, latenciesMs: [] };
  socket.on('message', (data, isBinary) => {
    if (!isBinary) return;
    stats.messages += 1;
    stats.bytes += data.length;
    // jpeg messages carry the server's capture time: arrival minus capture = server delay.
    if (format === 'jpeg') stats.latenciesMs.push(Date.now() - data.readDoubleBE(8));
  });
  return { socket, stats, opened: new Promise((resolve) => socket.on('open', resolve)) };
}

const percentile = (values, p) => {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return (
    Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] * 10) / 10
  );
};

async function measureViewers(server, base, wsBase, sessionId, format, count, seconds) {
  const viewers = Array.from({ length: count }, () => viewer(wsBase, sessionId, format));
  await Promise.all(viewers.map((v) => v.opened));
  await sleep(2000);
  const before = usage(server.pid);
  const counts = viewers.map((v) => v.stats.messages);
  viewers.forEach((v) => (v.stats.latenciesMs = []));
  await sleep(seconds * 1000);
  const after = usage(server.pid);
  const rates = viewers.map((v, i) => (v.stats.messages - counts[i]) / seconds);
  const latencies = viewers.flatMap((v) => v.stats.latenciesMs);
  viewers.forEach((v) => v.socket.terminate());
  return {
    format,
    viewers: count,
    seconds,
    server_cpu_percent: Math.round(((after.cpuS - before.cpuS) / seconds) * 1000) / 10,
    // A child that started during the window (a JPEG decoder) is counted from its start.
    ffmpeg_children: after.children,
    ffmpeg_cpu_percent: Math.round(((after.childCpuS - before.childCpuS) / seconds) * 1000) / 10,
    server_rss_mb: Math.round(after.rssMb),
    messages_per_s_per_viewer_min: Math.round(Math.min(...rates) * 10) / 10,
    server_delay_ms_p50: percentile(latencies, 50),
    server_delay_ms_p95: percentile(latencies, 95),
  };
}

async function main() {
  if (
    spawnSync('npx', ['nx', 'run-many', '-t', 'build', '--projects=api,camera-sim'], {
      stdio: 'inherit',
      env,
    }).status !== 0
  ) {
    throw new Error('build failed');
  }
  const dir = mkdtempSync(join(tmpdir(), 'camrec-bench-'));
  const config = join(dir, 'config.json');
  writeFileSync(
    config,
    JSON.stringify({
      port: 0,
      demo_camera: false,
      videos_dir: join(dir, 'videos'),
      log_level: 'warn',
      max_sessions: 4,
    }),
  );
  const rtsp = await start(
    ['dist/apps/camera-sim/main.js', 'rtsp', '--port', '0', '--size', '1280x720', '--fps', '25'],
    /^camera-sim: \w+ camera at (\S+)/,
  );
  const mjpeg = await start(
    ['dist/apps/camera-sim/main.js', 'mjpeg', '--port', '0', '--size', '1280x720', '--fps', '25'],
    /^camera-sim: \w+ camera at (\S+)/,
  );
  const server = spawn(process.execPath, ['dist/apps/api/main.js'], {
    env: { ...env, CAMREC_CONFIG: config, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(server);
  const base = await new Promise((resolve) =>
    createInterface({ input: server.stdout }).on('line', (line) => {
      const match = /running: open (http:\/\/\S+?)\/?$/.exec(line);
      if (match) resolve(match[1]);
    }),
  );
  const wsBase = base.replace('http://', 'ws://');

  const results = {
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, cpu: cpus()[0]?.model, node: process.version },
    open_ms: {},
    preview: [],
  };
  let t = Date.now();
  const rtspSession = await post(base, '/session/open', { url: rtsp.url });
  results.open_ms.rtsp_h264_720p = Date.now() - t;
  t = Date.now();
  const mjpegSession = await post(base, '/session/open', { url: mjpeg.url });
  results.open_ms.mjpeg_720p = Date.now() - t;
  if (rtspSession.status !== 201 || mjpegSession.status !== 201)
    throw new Error('could not open the cameras');

  for (const count of [1, 5, 10]) {
    results.preview.push({
      camera: 'rtsp h264 1280x720 25 fps',
      ...(await measureViewers(
        server,
        base,
        wsBase,
        rtspSession.body.session_id,
        'mse',
        count,
        10,
      )),
    });
  }
  results.preview.push({
    camera: 'rtsp h264 1280x720 25 fps',
    ...(await measureViewers(server, base, wsBase, rtspSession.body.session_id, 'jpeg', 1, 10)),
  });
  for (const count of [1, 5]) {
    results.preview.push({
      camera: 'mjpeg 1280x720 25 fps',
      ...(await measureViewers(
        server,
        base,
        wsBase,
        mjpegSession.body.session_id,
        'jpeg',
        count,
        10,
      )),
    });
  }

  mkdirSync('bench-results', { recursive: true });
  const file = join('bench-results', `${results.date.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
  console.log(JSON.stringify(results, null, 2));
  console.log(`bench: results written to ${file}`);
}

try {
  await main();
} finally {
  for (const child of children) child.kill('SIGTERM');
  await sleep(1500);
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}
