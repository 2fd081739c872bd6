// The summary's RTSP hop table: sessions through the server's one relay hop beside plain ffmpeg
// readers of the same live camera, the server's own CPU per session and the capture → viewer delay.
import { fmt, table, times } from './markdown';
import { type BenchResults, failed } from './results';

export function hopTables(hop: BenchResults['hop']): string {
  if (!hop || Object.keys(hop).length === 0) return 'not run';
  return Object.entries(hop)
    .map(([part, result]) => {
      if (failed(result)) return `**${part}**: failed: ${result.error.split('\n')[0]}`;
      const rows = result.rows.map((row) => [
        row.sessions,
        `${fmt(row.direct_fps_min)} / ${fmt(row.direct_fps_median)}`,
        `${fmt(row.session_fps_min)} / ${fmt(row.session_fps_median)}`,
        `${times(row.ratio_min)} / ${times(row.ratio_median)}`,
        fmt(row.server_own_cpu_percent_per_session, ' %'),
        fmt(row.server_tree_cpu_percent_per_session, ' %'),
        `${fmt(row.capture_to_viewer_ms.p50, ' ms')} / ${fmt(row.capture_to_viewer_ms.p95, ' ms')}`,
        row.load_average.map((l) => fmt(l)).join(' → '),
      ]);
      return [
        `**${result.label}**`,
        table(
          [
            'sessions',
            'plain readers fps (min / median)',
            'sessions fps (min / median)',
            'ratio',
            'server own CPU / session',
            'server + children CPU / session',
            'capture → viewer p50 / p95',
            'load',
          ],
          rows,
        ),
      ].join('\n\n');
    })
    .join('\n\n');
}
