// Where one H.264 session's server CPU goes, per process: N sessions on a replay camera, an
// `mse` WebSocket viewer each and/or a recording, CPU seconds (user+sys) of the Node server and
// of each of its children over a window, read from /proc. With --cpu-prof the server runs
// under `node --cpu-prof` and the profile is written to --prof-dir when it stops.
//
//   node -r ./tools/bench/register.js tools/bench/session-profile.ts --size 1920x1080 --kbps 8000 --sessions 1 --mode both --seconds 20
//
// The server runs with its launchers' V8 flags (apps/api/node-flags.json); --node-arg flags come
// after them, so a V8 flag given there wins. It runs in a temporary folder of its own: a path in
// a --node-arg is best given absolute.
//
// Needs the built server and camera-sim (dist/apps/api, dist/apps/camera-sim).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { replayCamera, sessionUrl } from './cameras';
import { closeSession, type OpenedSession, openSession, post, viewer } from './clients';
import { descendants, readStat, rssMb, ticksToS } from './proc';
import { pidOf, startServer, stopAll } from './processes';
import { sleep } from './stats';

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
const recording = args.mode === 'both' || args.mode === 'record';
const previewing = args.mode !== 'record' && args.mode !== 'none';

const round = (x: number) => Math.round(x * 100) / 100;

interface ProcessSnapshot {
  label: string;
  ticks: number;
  reaped: number;
  rss: number;
}

/** The server and each descendant: CPU ticks, RSS, and a label from the command line. */
function snapshot(root: number): Map<number, ProcessSnapshot> {
  const out = new Map<number, ProcessSnapshot>();
  for (const pid of [root, ...descendants(root)]) {
    try {
      const s = readStat(pid);
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      const role = cmd.includes('pipe:0')
        ? '(decoder)'
        : cmd.includes('pipe:1')
          ? '(ingest)'
          : cmd.slice(1, 4).join(' ');
      const label = pid === root ? 'node server' : `${cmd[0].split('/').pop()} ${role}`;
      out.set(pid, { label, ticks: s.ownTicks, reaped: s.reapedTicks, rss: rssMb(pid) });
    } catch {
      // exited meanwhile
    }
  }
  return out;
}

const totalRss = (processes: Map<number, ProcessSnapshot>) =>
  [...processes.values()].reduce((sum, p) => sum + p.rss, 0);

function report(
  title: string,
  before: Map<number, ProcessSnapshot>,
  after: Map<number, ProcessSnapshot>,
): void {
  const rows = [];
  let total = 0;
  for (const [pid, a] of after) {
    const b = before.get(pid);
    const ticks = a.ticks - (b?.ticks ?? 0) + (a.reaped - (b?.reaped ?? 0));
    total += ticks;
    rows.push({
      pid,
      process: a.label,
      cpu_s: ticksToS(ticks),
      cpu_pct: round((ticksToS(ticks) / seconds) * 100),
      rss_mb: round(a.rss),
    });
  }
  console.log(`\n## ${title}: ${count} × ${args.size}, ${seconds} s window`);
  console.table(rows);
  const cpu = ticksToS(total) / seconds;
  console.log(
    `total CPU ${round(cpu * 100)} % of a core (${round((cpu / count) * 100)} % per session); tree RSS ${round(totalRss(after))} MB`,
  );
}

async function main(dir: string): Promise<void> {
  const camera = await replayCamera(dir, 'replay', width, height, { kbps: Number(args.kbps) });
  const config = JSON.parse(args.config) as Record<string, unknown>;
  const server = await startServer(
    { videos_dir: join(dir, 'videos'), ...config },
    {
      nodeArgs: [
        // Absolute: the server runs in a temporary folder of its own.
        ...(args['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${resolve(args['prof-dir'])}`] : []),
        ...args['node-arg'],
      ],
      echoOutput: args['node-arg'].length > 0,
    },
  );
  const idle = snapshot(server.pid);
  console.log(`server pid ${server.pid}`);
  console.log(`idle server RSS ${round(idle.get(server.pid)?.rss ?? 0)} MB`);
  const sessions: OpenedSession[] = [];
  for (let k = 0; k < count; k++) {
    sessions.push(await openSession(server.baseUrl, sessionUrl(camera, k), `s${k}`));
  }
  const viewers = previewing ? sessions.map((s) => viewer(server.baseUrl, s.id, 'mse')) : [];
  await Promise.all(viewers.map((v) => v.opened));
  if (recording) {
    for (const s of sessions) await post(server.baseUrl, '/record/start', { session_id: s.id });
  }
  await sleep(3000);
  const frames0 = viewers.map((v) => v.stats.frames);
  const cameraPid = pidOf(camera.child);
  const camBefore = readStat(cameraPid).ownTicks;
  const before = snapshot(server.pid);
  // Server RSS every 5 s through the window: pre-roll rings fill for their first 30 s.
  const rssOverTime: number[] = [];
  for (let t = 0; t < seconds; t += 5) {
    await sleep(Math.min(5, seconds - t) * 1000);
    rssOverTime.push(Math.round(rssMb(server.pid)));
  }
  const after = snapshot(server.pid);
  const camCpu = ticksToS(readStat(cameraPid).ownTicks - camBefore) / seconds;
  report(args.mode, before, after);
  const serverRss = after.get(server.pid)?.rss ?? 0;
  const idleServerRss = idle.get(server.pid)?.rss ?? 0;
  console.log(
    `RSS per session above idle: server ${round((serverRss - idleServerRss) / count)} MB, tree ${round((totalRss(after) - totalRss(idle)) / count)} MB`,
  );
  console.log(`server RSS every 5 s: ${rssOverTime.join(' ')} MB`);
  console.log(
    `viewer fps: ${viewers.map((v, i) => round((v.stats.frames - frames0[i]) / seconds)).join(', ')}; camera CPU ${round(camCpu * 100)} %`,
  );
  viewers.forEach((v) => v.close());
  if (recording) {
    for (const s of sessions) await post(server.baseUrl, '/record/stop', { session_id: s.id });
  }
  for (const s of sessions) await closeSession(server.baseUrl, s.id);
  await server.stop();
}

const dir = mkdtempSync(join(tmpdir(), 'camrec-profile-'));
void main(dir)
  .catch((error: Error) => {
    console.error(error.stack ?? error.message);
    process.exitCode = 1;
  })
  .finally(async () => {
    await stopAll();
    rmSync(dir, { recursive: true, force: true });
  });
