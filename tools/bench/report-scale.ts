// The summary's server-cost tables (scale section) and the stop → playable figures.
import { fmt, table, times } from './markdown';
import {
  type BenchResults,
  failed,
  type ModeRow,
  type ScaleResult,
  skipped,
  type WindowRow,
} from './results';
import { median, ratio, round } from './stats';

/** PSS counts the libraries every ffmpeg maps once across the tree; RSS counts them per process. */
const memory = (usage: WindowRow) =>
  `${fmt(usage.pss_mb_per_session, ' MB')} (${fmt(usage.rss_mb_per_session, ' MB')})`;

/**
 * The server's recordings of a preview + record row, if measured: the most any was behind its
 * camera, their files' own frame rate, the slowest stop and the stops that failed.
 */
const recordings = (usage: WindowRow) =>
  usage.recorded_fps_min === undefined
    ? '—'
    : `${fmt(usage.behind_s_max, ' s')}, ${fmt(usage.recorded_fps_min)}, ${fmt(usage.slowest_stop_ms, ' ms')}, ${usage.failed_stops} failed`;

const MODES = ['preview', 'both', 'record'] as const;

function scaleRows(result: ScaleResult): (string | number)[][] {
  const rows: (string | number)[][] = [];
  for (const row of result.rows) {
    for (const mode of MODES) {
      const s = row.server[mode];
      const b = row.baseline[mode];
      const label = mode === 'both' ? 'preview + record' : mode;
      const viewerFps = (side: WindowRow) => (mode === 'record' ? '' : fmt(side.viewer_fps_min));
      const side = (usage: ModeRow) =>
        skipped(usage)
          ? [usage.skipped, '', '']
          : [viewerFps(usage), fmt(usage.cpu_percent_per_session, ' %'), memory(usage)];
      rows.push([
        row.sessions,
        label,
        mode === 'record' ? '' : fmt(row.direct.fps_min),
        ...side(s),
        mode === 'both' && !skipped(s) ? recordings(s) : '',
        ...side(b),
        skipped(s) || skipped(b)
          ? ''
          : times(ratio(b.cpu_percent_per_session, s.cpu_percent_per_session)),
      ]);
    }
  }
  return rows;
}

export function scaleTables(scale: BenchResults['scale']): string {
  const out: string[] = [];
  for (const [name, result] of Object.entries(scale)) {
    if (failed(result)) {
      out.push(`**${name}**: failed: ${result.error.split('\n')[0]}`);
      continue;
    }
    out.push(
      `**${name}**${result.camera_kbps ? ` (camera at ${result.camera_kbps} kbit/s)` : ''}: largest count with every viewer at ≥ 0.95× the direct readers' rate: ${result.largest_count_at_full_rate}\n\n` +
        table(
          [
            'sessions',
            'mode',
            'direct readers fps (min)',
            'viewer fps (min)',
            'server CPU / session',
            'server memory / session: PSS (RSS)',
            'server recordings: behind (max), fps (min), slowest stop, failed',
            'BASELINE viewer fps (min)',
            'BASELINE CPU / session',
            'BASELINE memory / session: PSS (RSS)',
            'BASELINE CPU ÷ server CPU',
          ],
          scaleRows(result),
        ),
    );
  }
  return out.join('\n\n');
}

export interface StopFigures {
  n: number;
  median_ms: number | null;
  max_ms: number | null;
  all_playable: boolean;
}

function stopFigures(stops: number[], playable: boolean[]): StopFigures {
  return {
    n: stops.length,
    median_ms: round(median(stops), 0),
    max_ms: stops.length ? round(Math.max(...stops), 0) : null,
    all_playable: playable.every(Boolean),
  };
}

/** The first stops of each scale section, on the server and the BASELINE. */
export function stopTimes(scale: BenchResults['scale']): {
  server: StopFigures;
  baseline: StopFigures;
} {
  const measured = Object.values(scale).filter((r): r is ScaleResult => !failed(r));
  return {
    server: stopFigures(
      measured.flatMap((r) => r.timings.stop_ms),
      measured.flatMap((r) => r.timings.playable),
    ),
    baseline: stopFigures(
      measured.flatMap((r) => r.baseline_timings.stop_ms),
      measured.flatMap((r) => r.baseline_timings.playable),
    ),
  };
}
