// The summary's targets table: issue 11's targets, issue 12's zero counts, issue 18's recorder
// figures; each measured value beside its goal and whether it was met.
import type { StopFigures } from './report-scale';
import { skippedOrFailed } from './report-motion';
import { type BenchResults, failed, type ScaleResult } from './results';
import { HD_TARGET_SECTION, keptUp } from './scale';
import { round } from './stats';

export type TargetRow = [name: string, measured: string, goal: string, result: string];

export function target(
  name: string,
  value: number | null | undefined,
  limit: number,
  better: 'max' | 'min',
  unit = '',
): TargetRow {
  if (value === null || value === undefined || Number.isNaN(value))
    return [name, '—', `${better === 'max' ? '≤' : '≥'} ${limit}${unit}`, 'not measured'];
  const met = better === 'max' ? value <= limit : value >= limit;
  const by = better === 'max' ? value / limit : limit / value;
  return [
    name,
    `${round(value, 2)}${unit}`,
    `${better === 'max' ? '≤' : '≥'} ${limit}${unit}`,
    // By how much, as a share: a ratio rounded to 2 places reads "1×" for a miss of 0.4 %.
    met ? 'met' : `missed by ${round((by - 1) * 100, 1)} %`,
  ];
}

/** Targets with a goal of zero: a count, or why it was not measured. */
export function zeroTarget(
  name: string,
  section: object | null | undefined,
  value: number | undefined,
): TargetRow {
  const why = skippedOrFailed(section);
  if (why || value === undefined) return [name, '—', '0', why ?? 'not measured'];
  return [name, String(value), '0', value === 0 ? 'met' : 'missed'];
}

const measuredOrUndefined = <T extends object>(value: T | { error: string } | undefined) =>
  value && !failed(value) ? (value as T) : undefined;

/** Issue 11, item 4. */
export function targets(results: BenchResults, stops: { server: StopFigures }): TargetRow[] {
  const l720 = measuredOrUndefined(results.latency['720p25']);
  const web = l720?.paths.find((p) => p.decoder === 'webcodecs');
  const webFigures = web && !failed(web) ? web : undefined;
  const floor = l720?.floor.h264?.p50;
  const h264 = measuredOrUndefined<ScaleResult>(results.scale['h264-720p']);
  // The ratio means something only where the BASELINE still does all the work (full rate).
  const big = h264?.rows.filter((r) => keptUp(r.baseline.both, r.reference_fps)).at(-1);
  const hdSection = measuredOrUndefined<ScaleResult>(results.scale[HD_TARGET_SECTION]);
  const hdRow = hdSection?.rows[0];
  const hd = hdRow?.server.both;
  const hdMeasured = hd && !('skipped' in hd) ? hd : undefined;
  const m = measuredOrUndefined(results.memory);
  const bigBoth = big?.baseline.both;
  const bigServer = big?.server.both;
  const baselineRatio =
    bigBoth && bigServer && !('skipped' in bigBoth) && !('skipped' in bigServer)
      ? (bigBoth.cpu_percent_per_session ?? NaN) / (bigServer.cpu_percent_per_session ?? NaN)
      : null;
  return [
    target(
      'H.264 glass-to-glass p50 / least-work floor (720p)',
      webFigures?.p50 && floor ? webFigures.p50 / floor : null,
      1.1,
      'max',
      '×',
    ),
    target(
      'frames painted, WebCodecs viewer (720p)',
      webFigures?.painted_share !== undefined && webFigures.painted_share !== null
        ? webFigures.painted_share * 100
        : null,
      99.9,
      'min',
      ' %',
    ),
    target(
      `CPU per 1080p25 H.264 session, preview + record (${hdRow?.sessions ?? '?'} sessions, camera at ${hdSection?.camera_kbps ?? '?'} kbit/s)`,
      hdMeasured?.cpu_percent_per_session,
      3,
      'max',
      ' % of a core',
    ),
    target(
      `memory (PSS) per 1080p25 H.264 session, preview + record (${hdRow?.sessions ?? '?'} sessions, camera at ${hdSection?.camera_kbps ?? '?'} kbit/s)`,
      hdMeasured?.pss_mb_per_session,
      40,
      'max',
      ' MB',
    ),
    target(
      '720p25 H.264 sessions with every viewer at full rate',
      h264?.largest_count_at_full_rate,
      32,
      'min',
    ),
    target(
      '/record/stop → playable file (slowest)',
      stops.server.all_playable ? stops.server.max_ms : null,
      1000,
      'max',
      ' ms',
    ),
    target(
      `RSS growth over ${m?.seconds ?? '?'} s with recordings`,
      m?.rss_growth_percent,
      5,
      'max',
      ' %',
    ),
    target(
      `less CPU than baseline, preview + record (${big?.sessions ?? '?'} H.264 sessions, the most the BASELINE keeps at full rate)`,
      baselineRatio,
      15,
      'min',
      '×',
    ),
  ];
}
