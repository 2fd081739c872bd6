// Where one H.264 session's server CPU goes, per process: N sessions on a replay camera, an
// `mse` WebSocket viewer each and/or a recording, CPU seconds (user+sys) of the Node server and
// of each of its children over a window, read from /proc. With --cpu-prof the server runs
// under `node --cpu-prof` and the profile is written to --prof-dir when it stops.
//
//   node tools/bench/session-profile.mjs --size 1920x1080 --kbps 8000 --sessions 1 --mode both --seconds 20
//
// The server runs with its launchers' V8 flags (apps/api/node-flags.json); --node-arg flags come
// after them, so a V8 flag given there wins.
//
// Needs the built server and camera-sim (dist/apps/api, dist/apps/camera-sim).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { replayCamera, sessionUrl } from './cameras.mjs';
import { closeSession, openSession, post, viewer } from './clients.mjs';
import {
  descendants,
  freePort,
  readStat,
  rssMb,
  SERVER_NODE_FLAGS,
  spawnTracked,
  stopAll,
  stopProcess,
} from './processes.mjs';
import { sleep } from './stats.mjs';

const { values: args } = parseArgs({
  options: {
    size: { type: 'string', default: '1280x720' },
    sessions: { type: 'string', default: '1' },
    mode: { type: 'string', default: 'both' },
    seconds: { type: 'string', default: '20' },
    kbps: { type: 'string', default: '8000' },
    'cpu-prof': { type: 'boolean', default: false },
    'prof-dir': { type: 'string', default: 'bench-results/profiles' },
    config: { type: 'string', default: '{}' },
    'node-arg': { type: 'string', multiple: true, default: [] },
  },
});
const [width, height] = args.size.split('x').map(Number);
const count = Number(args.sessions);
const seconds = Number(args.seconds);
const TICKS_PER_S = 100;

/** The server and each descendant: CPU ticks, RSS, and a label from the command line. */
function snapshot(root) {
  const out = new Map();
  for (const pid of [root, ...descendants(root)]) {
    try {
      const s = readStat(pid);
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      const label =
        pid === root
          ? 'node server'
          : `${cmd[0].split('/').pop()} ${cmd.includes('pipe:0') ? '(decoder)' : cmd.includes('pipe:1') ? '(ingest)' : cmd.slice(1, 4).join(' ')}`;
      out.set(pid, { label, ticks: s.ownTicks, reaped: s.reapedTicks, rss: rssMb(pid) });
    } catch {
      // exited meanwhile
    }
  }
  return out;
}

function report(title, before, after) {
  const rows = [];
  let total = 0;
  for (const [pid, a] of after) {
    const b = before.get(pid);
    const ticks = a.ticks - (b?.ticks ?? 0) + (a.reaped - (b?.reaped ?? 0));
    total += ticks;
    rows.push({
      pid,
      process: a.label,
      cpu_s: ticks / TICKS_PER_S,
      cpu_pct: round((ticks / TICKS_PER_S / seconds) * 100),
      rss_mb: round(a.rss),
    });
  }
  console.log(`\n## ${title}: ${count} × ${args.size}, ${seconds} s window`);
  console.table(rows);
  const rss = [...after.values()].reduce((sum, p) => sum + p.rss, 0);
  console.log(
    `total CPU ${round((total / TICKS_PER_S / seconds) * 100)} % of a core (${round((total / TICKS_PER_S / seconds / count) * 100)} % per session); tree RSS ${round(rss)} MB`,
  );
}

const round = (x) => Math.round(x * 100) / 100;

async function startServer(dir) {
  const port = await freePort();
  const config = join(dir, 'config.json');
  writeFileSync(
    config,
    JSON.stringify({
      host: '127.0.0.1',
      port,
      videos_dir: join(dir, 'videos'),
      demo_camera: false,
      auto_download: false,
      proxy_mode: 'direct',
      max_sessions: 64,
      log_level: 'warn',
      ...JSON.parse(args.config),
    }),
  );
  const profile = args['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${args['prof-dir']}`] : [];
  const child = spawnTracked(
    process.execPath,
    [...SERVER_NODE_FLAGS, ...profile, ...args['node-arg'], 'dist/apps/api/main.js'],
    {
      env: { ...process.env, CAMREC_CONFIG: config },
    },
  );
  if (args['node-arg'].length) child.stdout.pipe(process.stdout);
  const baseUrl = `http://127.0.0.1:${port}`;
  for (let i = 0; !(await fetch(`${baseUrl}/health`).catch(() => null))?.ok; i++) {
    if (i > 300 || child.exitCode !== null) throw new Error('server did not start');
    await sleep(100);
  }
  return { child, baseUrl };
}

const dir = mkdtempSync(join(tmpdir(), 'camrec-profile-'));
try {
  const camera = await replayCamera(dir, 'replay', width, height, {
    kbps: Number(args.kbps),
  });
  const server = await startServer(dir);
  const idle = snapshot(server.child.pid);
  const idleRss = [...idle.values()].reduce((sum, p) => sum + p.rss, 0);
  console.log(`server pid ${server.child.pid}`);
  console.log(`idle server RSS ${round(idle.get(server.child.pid).rss)} MB`);
  const sessions = [];
  for (let k = 0; k < count; k++) {
    sessions.push(await openSession(server.baseUrl, sessionUrl(camera, k), `s${k}`));
  }
  const viewers =
    args.mode === 'record' || args.mode === 'none'
      ? []
      : sessions.map((s) => viewer(server.baseUrl, s.id, 'mse'));
  await Promise.all(viewers.map((v) => v.opened));
  if (args.mode === 'both' || args.mode === 'record') {
    for (const s of sessions) await post(server.baseUrl, '/record/start', { session_id: s.id });
  }
  await sleep(3000);
  const frames0 = viewers.map((v) => v.stats.frames);
  const camBefore = readStat(camera.child.pid).ownTicks;
  const before = snapshot(server.child.pid);
  // Server RSS every 5 s through the window: pre-roll rings fill for their first 30 s.
  const rssOverTime = [];
  for (let t = 0; t < seconds; t += 5) {
    await sleep(Math.min(5, seconds - t) * 1000);
    rssOverTime.push(Math.round(rssMb(server.child.pid)));
  }
  const after = snapshot(server.child.pid);
  const camCpu = (readStat(camera.child.pid).ownTicks - camBefore) / TICKS_PER_S / seconds;
  report(args.mode, before, after);
  const serverRss = after.get(server.child.pid).rss;
  const treeRss = [...after.values()].reduce((sum, p) => sum + p.rss, 0);
  console.log(
    `RSS per session above idle: server ${round((serverRss - idle.get(server.child.pid).rss) / count)} MB, tree ${round((treeRss - idleRss) / count)} MB`,
  );
  console.log(`server RSS every 5 s: ${rssOverTime.join(' ')} MB`);
  console.log(
    `viewer fps: ${viewers.map((v, i) => round((v.stats.frames - frames0[i]) / seconds)).join(', ')}; camera CPU ${round(camCpu * 100)} %`,
  );
  viewers.forEach((v) => v.close());
  if (args.mode === 'both' || args.mode === 'record') {
    for (const s of sessions) await post(server.baseUrl, '/record/stop', { session_id: s.id });
  }
  for (const s of sessions) await closeSession(server.baseUrl, s.id);
  await stopProcess(server.child);
} finally {
  await stopAll();
  rmSync(dir, { recursive: true, force: true });
}
