// The summary's glass-to-glass tables.
import { fmt, pct, table, times } from './markdown';
import { type BenchResults, failed, type LatencyFigures } from './results';
import { ratio } from './stats';

const figures = (f: Partial<LatencyFigures>) => [
  fmt(f.p50, ' ms'),
  fmt(f.p95, ' ms'),
  fmt(f.p99, ' ms'),
  pct(f.painted_share),
];

export function latencyTables(latency: BenchResults['latency']): string {
  const out: string[] = [];
  for (const [size, result] of Object.entries(latency)) {
    if (failed(result)) {
      out.push(`**${size}**: failed: ${result.error.split('\n')[0]}`);
      continue;
    }
    const rows = result.paths.map((p) => {
      const base = result.baseline[p.camera];
      const measured: Partial<LatencyFigures> = failed(p) ? {} : p;
      const baseP50 = base && !failed(base) ? base.p50 : undefined;
      return [
        p.label,
        ...figures(measured),
        times(ratio(measured.p50, baseP50)),
        failed(p) ? p.error : '',
      ];
    });
    for (const [kind, f] of Object.entries(result.floor))
      rows.push([
        `least work: plain ffmpeg decoding the ${kind} camera`,
        ...figures(f),
        '',
        'no server, no browser',
      ]);
    for (const [kind, b] of Object.entries(result.baseline))
      rows.push([
        `BASELINE ${kind} → base64 JSON JPEG → <img> canvas`,
        ...figures(failed(b) ? {} : b),
        '1×',
        failed(b) ? b.error : '',
      ]);
    out.push(
      `**${size}** (camera send → picture painted in Chromium)\n\n` +
        table(['path', 'p50', 'p95', 'p99', 'frames painted', 'p50 vs baseline', 'note'], rows),
    );
    const b = result.breakdown;
    if (b && !failed(b)) {
      out.push(
        `Where the time goes, H.264 → WebCodecs, ${size} (medians):\n\n` +
          table(
            [
              'camera → ingest output',
              'ingest → socket',
              'socket → decoded',
              'decoded → painted',
              'glass-to-glass p50',
            ],
            [
              [
                fmt(b.camera_to_ingest_output_ms, ' ms'),
                fmt(b.ingest_to_socket_ms, ' ms'),
                fmt(b.socket_to_decoded_ms, ' ms'),
                fmt(b.decoded_to_painted_ms, ' ms'),
                fmt(b.glass_to_glass.p50, ' ms'),
              ],
            ],
          ),
      );
    } else if (b && failed(b)) out.push(`Breakdown ${size} failed: ${b.error}`);
  }
  return out.join('\n\n');
}
