// The Markdown summary of a bench run: the tables of BENCHMARKS.md and the targets of issues 11,
// 12 and 18.
import { fmt, table } from './markdown';
import { hopTables } from './report-hop';
import { latencyTables } from './report-latency';
import { motionTables } from './report-motion';
import { recorderTables, recorderTargets } from './report-recorder';
import { scaleTables, stopTimes } from './report-scale';
import { targets, zeroTarget } from './report-targets';
import { type BenchResults, failed, type MemoryResult, skipped } from './results';

function memoryTable(m: MemoryResult | { error: string } | undefined): string {
  if (!m) return 'not run';
  if (failed(m)) return `failed: ${m.error.split('\n')[0]}`;
  return table(
    [
      'duration',
      'recording cycles',
      'failed stops',
      'server RSS start → end',
      'growth',
      'server + children RSS start → end',
    ],
    [
      [
        `${m.seconds} s (after ${m.warm_up_seconds ?? 0} s warm-up)`,
        m.recording_cycles,
        m.failed_stops,
        `${m.start_rss_mb} → ${m.end_rss_mb} MB`,
        fmt(m.rss_growth_percent, ' %'),
        `${m.start_tree_rss_mb} → ${m.end_tree_rss_mb} MB`,
      ],
    ],
  );
}

export function markdownReport(results: BenchResults): string {
  const mc = results.machine;
  const loaded = mc.load_average_at_start[0] > mc.cpus;
  const stops = stopTimes(results.scale);
  const open = results.open && !failed(results.open) ? results.open : {};
  const openRows = Object.values(open).map((o) => [
    o.label ?? '',
    o.n,
    fmt(o.median_ms, ' ms'),
    fmt(o.p95_ms, ' ms'),
    o.errors.length ? o.errors[0] : '',
  ]);
  const motion =
    results.motion && !failed(results.motion) && !skipped(results.motion)
      ? results.motion
      : undefined;
  const still = results.motion_false_events;
  return [
    `## Run of ${results.date} — \`${results.command}\``,
    `Machine: ${mc.cpus} × ${mc.cpu}, ${mc.memory_gb} GB, Node ${mc.node}, ${mc.ffmpeg}, ${mc.chromium}. ` +
      `Load average ${mc.load_average_at_start.join(' / ')} at start, ${mc.load_average_at_end?.join(' / ')} at end; took ${results.duration_s} s.` +
      (loaded
        ? `\n\n> **The machine was loaded** (load average above its ${mc.cpus} cores): these figures are not representative; compare only runs on a quiet machine.`
        : ''),
    '### Glass-to-glass latency',
    latencyTables(results.latency),
    '### Server cost per session (720p25 unless named), beside plain ffmpeg readers and the BASELINE',
    scaleTables(results.scale),
    '### The RTSP hop (one relay between ffmpeg and the camera), beside plain ffmpeg readers',
    hopTables(results.hop),
    '### Time to open a session (POST /session/open)',
    table(['camera', 'opens', 'median', 'p95', 'error'], openRows),
    '### /record/stop → playable file',
    "The first 10 stops of each scale section, at counts where the server's recordings kept up (a slower count's slowest stop is in its row).",
    table(
      ['pipeline', 'stops', 'median', 'slowest', 'all playable'],
      [
        [
          'server (remux of the fragments)',
          stops.server.n,
          fmt(stops.server.median_ms, ' ms'),
          fmt(stops.server.max_ms, ' ms'),
          stops.server.all_playable ? 'yes' : 'NO',
        ],
        [
          'BASELINE (ffmpeg libx264 finishing its file)',
          stops.baseline.n,
          fmt(stops.baseline.median_ms, ' ms'),
          fmt(stops.baseline.max_ms, ' ms'),
          stops.baseline.all_playable ? 'yes' : 'NO',
        ],
      ],
    ),
    '### Memory over time (1 H.264 + 1 MJPEG session, a viewer each, recordings starting and stopping)',
    memoryTable(results.memory),
    ...motionTables(results),
    ...recorderTables(results),
    '### Targets (issue 11, item 4; issue 12 and 18 figures): reported, not enforced',
    table(
      ['target', 'measured', 'goal', 'result'],
      [
        ...targets(results, stops),
        zeroTarget(
          `false motion events over ${still && 'seconds' in still ? still.seconds : '?'} s of still scene`,
          still,
          still && 'false_events' in still ? still.false_events : undefined,
        ),
        zeroTarget(
          `missed motion events over ${motion?.sequence.movements ?? '?'} movements`,
          results.motion,
          motion?.sequence.missed_events,
        ),
        ...recorderTargets(results),
      ],
    ),
    '',
  ].join('\n\n');
}
