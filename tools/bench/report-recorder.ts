// The summary's recorder tables (issue 18): the index query, continuous recording's cost, how
// many cameras record at once with no frame lost, MJPEG storage, export and a day as one MP4
// (issue 19); and their targets.
import { fmt, table } from './markdown';
import { round } from './stats';
import { target, type TargetRow } from './report-targets';
import {
  type BenchResults,
  type ContinuousRow,
  type DayRangeResult,
  failed,
  type IndexQueryResult,
  type RecorderResults,
  skipped,
} from './results';

const CPU_PER_CAMERA_MAX = 2;
const PSS_PER_CAMERA_MAX_MB = 40;
const INDEX_P95_MAX_MS = 100;
/** Issue 19: a click on the timeline paints the instant's first frame within 1 s (median). */
const SEEK_MEDIAN_MAX_MS = 1000;
const CAMERAS_WITHOUT_LOSS_MIN = 32;
/** Issue 19: "the download starting within a second for ranges up to 24 h". */
const DAY_RANGE_HEADERS_MAX_MS = 1000;

const measured = <T extends object>(value: T | { error: string } | undefined): T | undefined =>
  value && !failed(value) ? (value as T) : undefined;

const failure = (name: string, value: object | undefined): string | null =>
  value && failed(value) ? `**${name}**: failed: ${value.error.split('\n')[0]}` : null;

/** The columns every continuous row shares, after its own first ones. */
const ROW_HEAD = [
  'server CPU / camera',
  'server memory / camera: PSS (RSS)',
  'segments (final) · fps min: index / file · coverage min · longest hole',
  'recording · segment being written behind the clock: start → end (max)',
  'no frame lost',
];

function rowCells(row: ContinuousRow): string[] {
  const s = row.segments;
  const w = row.watch;
  return [
    fmt(row.cpu_percent_per_camera, ' %'),
    `${fmt(row.pss_mb_per_camera, ' MB')} (${fmt(row.rss_mb_per_camera, ' MB')})`,
    `${s.segments} (${s.segments - s.not_final} final) · ${fmt(s.index_fps_min)} / ${fmt(s.file_fps_min)} · ` +
      `${s.coverage_min === null ? '—' : `${Math.round(s.coverage_min * 1000) / 10} %`} · ${fmt(s.gap_s_max, ' s')}`,
    `${w.not_recording ? `${w.not_recording} not recording` : 'all'} · ${fmt(w.lag_s_start_max, ' s')} → ${fmt(w.lag_s_end_max, ' s')}`,
    row.no_frame_lost ? 'yes' : 'NO',
  ];
}

/** A day of 1440 segments as one MP4: each cold plan's figures, and their medians. */
function dayRangeTable(day: DayRangeResult): string {
  const rows = day.requests.map((r, k) => [
    `day ${k + 1}`,
    fmt(r.headers_ms, ' ms'),
    fmt(r.first_byte_ms, ' ms'),
    `${fmt(r.read_mb_per_s, ' MB/s')} (${r.read_mb} MB)`,
    fmt(r.range_request_ms, ' ms'),
  ]);
  rows.push([
    '**median**',
    `**${fmt(day.headers_ms_median, ' ms')}**`,
    fmt(day.first_byte_ms_median, ' ms'),
    fmt(day.read_mb_per_s_median, ' MB/s'),
    fmt(day.range_request_ms_median, ' ms'),
  ]);
  return (
    `**A day as one MP4** (issue 19, \`GET /cameras/:id/video.mp4\` over 24 h): ${day.segments} back-to-back rows of ${day.row_s} s, each a hard link to one of the segments above (${fmt(day.file_mb, ' MB')}, ${fmt(day.file_s, ' s')} of footage; the day's MP4 is ${fmt(day.video_mb, ' MB')}), on a server started on that folder; ` +
    `${day.requests.length} cameras with such a day asked one after another, each plan cold (none of its segment heads read before): request → response headers (the plan made) and → first body byte, MB/s from the headers over a bounded read then cancelled ` +
    `(every link is the same file, read from the page cache: the server's own rate, not the disk's), and a later \`Range: bytes=<half>-\` with \`If-Range\` (the plan cached) → its 206 headers.\n\n` +
    table(['day', 'headers', 'first byte', 'read', 'Range request'], rows)
  );
}

/** The timeline's answer time at month, week and day zoom. */
function timelineTable(index: IndexQueryResult): string {
  const rows = index.timeline.map((q) => [
    q.range,
    q.rows,
    fmt(q.p50_ms, ' ms'),
    fmt(q.p95_ms, ' ms'),
  ]);
  return (
    "**Timeline query** (issue 19): `readTimeline` on the same index, what `GET /cameras/:id/timeline` answers — recorded spans merged in SQLite at the zoom's resolution (the range / 2000), with events, offline periods, clips and kept ranges.\n\n" +
    table(['range', 'spans', 'p50', 'p95'], rows)
  );
}

function indexTables(index: IndexQueryResult): string {
  const http = measured(index.http);
  const route = (range: string) => http?.queries.find((q) => q.range === range);
  const rows = index.queries.map((q) => {
    const r = route(q.range);
    return [
      q.range,
      q.rows,
      fmt(q.p50_ms, ' ms'),
      fmt(q.p95_ms, ' ms'),
      r ? fmt(r.p50_ms, ' ms') : '—',
      r ? fmt(r.p95_ms, ' ms') : '—',
      r ? `${r.rows}${r.truncated ? ' (truncated)' : ''}` : '—',
    ];
  });
  const routeNote = http
    ? `The route: a server started on that folder (index_path in its config; its start, reconciling every row with its empty file, took ${http.server_start_ms} ms), \`GET /cameras/:id/segments?start=&end=&limit=${http.limit}\`, times as its client sees them.`
    : `The route: ${failed(index.http) ? `failed: ${index.http.error.split('\n')[0]}` : 'not run'}.`;
  return (
    `**Index query**: ${index.days} days of one camera's ${index.segment_s} s segments (${index.rows_per_camera} rows), ` +
    (index.cameras > 1
      ? `among the segments of ${index.cameras} cameras (${index.rows_total} rows in all)`
      : 'with no other camera') +
    `, written with \`segments.insertMany\` in ${index.write_ms} ms (a ${fmt(index.file_mb, ' MB')} file); ` +
    `each query ${index.queries[0]?.repeats ?? '?'} times through \`segments.between\` in the bench's process. ${routeNote}\n\n` +
    table(
      [
        'range',
        'rows',
        'catalog p50',
        'catalog p95',
        'route p50',
        'route p95',
        'route rows (limit)',
      ],
      rows,
    )
  );
}

export function recorderTables(results: BenchResults): string[] {
  const recorder = results.recorder;
  if (!recorder) return [];
  const out = ['### Saved cameras, continuous recording and the index (issue 18)'];
  const index = measured(recorder.index);
  if (index) out.push(indexTables(index), timelineTable(index));
  const cost = measured(recorder.continuous);
  if (cost)
    out.push(
      `**Continuous recording cost** (${cost.camera} at ${cost.camera_kbps} kbit/s): saved cameras with \`record: continuous\`, \`segment_s\` ${cost.segment_s}, no viewer; ` +
        `CPU and memory of the server and its children over ${cost.row.window_s} s after ${cost.warm_up_s} s, per camera (memory above the idle server); ` +
        `every segment of the window, once the cameras were closed: final, frames ÷ duration (index and ffprobe) at ≥ 0.95× the direct readers' rate, the window covered.\n\n` +
        table(
          ['cameras', 'direct readers fps (min)', ...ROW_HEAD],
          [[cost.row.cameras, fmt(cost.row.direct.fps_min), ...rowCells(cost.row)]],
        ),
    );
  const capacity = measured(recorder.capacity);
  if (capacity)
    out.push(
      `**How many cameras** (${capacity.camera} at ${capacity.camera_kbps} kbit/s, \`segment_s\` ${capacity.segment_s}, no viewer): ` +
        `largest count recorded continuously with no frame lost: ${capacity.largest_count_without_loss}\n\n` +
        table(
          ['cameras', 'direct readers fps (min)', ...ROW_HEAD],
          capacity.rows.map((row) =>
            skipped(row)
              ? [row.cameras, row.skipped, '', '', '', '', '']
              : [row.cameras, fmt(row.direct.fps_min), ...rowCells(row)],
          ),
        ),
    );
  const mjpeg = measured(recorder.mjpeg);
  if (mjpeg)
    out.push(
      `**MJPEG continuous** (${mjpeg.camera}, \`segment_s\` ${mjpeg.segment_s}, no viewer): \`mjpeg_storage\` \`h264\` encodes each camera (libx264), \`jpeg\` keeps its JPEGs; ` +
        `disk = bytes of the segments ÷ minutes of video they hold, per camera.\n\n` +
        table(
          ['mjpeg_storage', 'cameras', 'disk / minute of footage', ...ROW_HEAD],
          mjpeg.rows.map((row) => [
            row.storage,
            row.cameras,
            fmt(row.segments.mb_per_minute, ' MB'),
            ...rowCells(row),
          ]),
        ),
    );
  const exported = measured(recorder.export);
  if (exported)
    out.push(
      `**Export** (issue 19): ${exported.footage_s} s of 1080p25 footage at 8 Mbit/s in ${exported.segments} segments, from between two keyframes to between two others, exported as one MP4 (\`POST /exports\`: streams copied): ` +
        `${fmt(round(exported.bytes / 1e6), ' MB')} in ${exported.seconds} s = **${exported.mb_per_s} MB/s**, ` +
        `${fmt(round((exported.share_of_disk_read ?? Number.NaN) * 100, 0), ' %')} of the disk's sequential read speed measured on the same files in the same run (${exported.disk_read_mb_per_s} MB/s, \`dd iflag=direct\`; the export reads through the page cache, which may still hold them).`,
    );
  const day = exported?.day_range;
  if (day)
    out.push(
      failed(day)
        ? `**A day as one MP4**: failed: ${day.error.split('\n')[0]}`
        : dayRangeTable(day),
    );
  const seek = measured(recorder.seek);
  if (seek)
    out.push(
      `**Seek → first frame** (issue 19): ${seek.clicks} clicks on a camera's timeline in Chromium (${seek.footage_s} s of ${seek.size} ${seek.fps} fps frame-index footage in ${seek.segments} segments of ${seek.segment_s} s, a keyframe a second), each at an instant in a different part of it: click → first painted frame of that instant **median ${fmt(seek.median_ms, ' ms')}, p95 ${fmt(seek.p95_ms, ' ms')}** (each: ${seek.delays_ms.join(', ')} ms); ` +
        `${seek.frames_not_the_instants === 0 ? 'every first frame was the one recorded at the instant (±1 frame)' : `${seek.frames_not_the_instants} first frame(s) not the one recorded at the instant`}.`,
    );
  for (const [name, value] of Object.entries(recorder) as [keyof RecorderResults, object][]) {
    const line = failure(name, value);
    if (line) out.push(line);
  }
  return out;
}

export function recorderTargets(results: BenchResults): TargetRow[] {
  const recorder = results.recorder ?? {};
  const index = measured(recorder.index);
  const month = index?.queries[0];
  const week = index?.timeline.find((q) => q.range === '7 days');
  const cost = measured(recorder.continuous);
  const capacity = measured(recorder.capacity);
  const day = measured(measured(recorder.export)?.day_range);
  const costName = cost
    ? `${cost.row.cameras} camera${cost.row.cameras === 1 ? '' : 's'} at ${cost.camera_kbps} kbit/s`
    : '? cameras';
  const whole = cost ? (cost.row.no_frame_lost ? 'yes' : 'no') : '—';
  return [
    target(
      `index query, ${month?.range ?? '30 days'} of one camera (${month?.rows ?? '?'} rows), p95`,
      month?.p95_ms,
      INDEX_P95_MAX_MS,
      'max',
      ' ms',
    ),
    target(
      'timeline click → first frame of the instant painted, median',
      measured(recorder.seek)?.median_ms,
      SEEK_MEDIAN_MAX_MS,
      'max',
      ' ms',
    ),
    target(
      `video.mp4 of a 24 h range (1440 segments): response headers, median of ${day?.requests.length ?? '?'} cold plans`,
      day?.headers_ms_median,
      DAY_RANGE_HEADERS_MAX_MS,
      'max',
      ' ms',
    ),
    target(
      'timeline query at week zoom in a month of footage, p95',
      week?.p95_ms,
      INDEX_P95_MAX_MS,
      'max',
      ' ms',
    ),
    target(
      `CPU per 1080p25 H.264 camera recorded continuously, no viewer (${costName})`,
      cost?.row.cpu_percent_per_camera,
      CPU_PER_CAMERA_MAX,
      'max',
      ' % of a core',
    ),
    target(
      `memory (PSS) per 1080p25 H.264 camera recorded continuously, no viewer (${costName})`,
      cost?.row.pss_mb_per_camera,
      PSS_PER_CAMERA_MAX_MB,
      'max',
      ' MB',
    ),
    [
      'continuous 1080p25 segments all final, at the camera rate, without a hole',
      whole,
      'yes',
      cost ? (cost.row.no_frame_lost ? 'met' : 'missed') : 'not measured',
    ],
    target(
      `720p25 H.264 cameras recorded continuously with no frame lost (camera at ${capacity?.camera_kbps ?? '?'} kbit/s, ${capacity ? `tried up to ${Math.max(...capacity.rows.map((r) => r.cameras))}` : 'not tried'})`,
      capacity?.largest_count_without_loss,
      CAMERAS_WITHOUT_LOSS_MIN,
      'min',
    ),
  ];
}
