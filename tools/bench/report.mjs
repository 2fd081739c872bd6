// The Markdown summary of a bench run: the tables of BENCHMARKS.md and the targets of issue 11.
import { median, ratio, round } from './stats.mjs';
import { HD_TARGET_SECTION, keptUp } from './scale.mjs';

const fmt = (value, unit = '') => (value === null || value === undefined ? '—' : `${value}${unit}`);
const pct = (share) => (share === null || share === undefined ? '—' : `${round(share * 100, 2)} %`);
const times = (value) => (value === null ? '—' : `${value}×`);
const table = (head, rows) =>
  [
    `| ${head.join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');

function latencyTables(latency) {
  const out = [];
  for (const [size, result] of Object.entries(latency ?? {})) {
    if (result.error) {
      out.push(`**${size}**: failed: ${result.error.split('\n')[0]}`);
      continue;
    }
    const rows = result.paths.map((p) => {
      const base = result.baseline[p.camera];
      return [
        p.label,
        fmt(p.p50, ' ms'),
        fmt(p.p95, ' ms'),
        fmt(p.p99, ' ms'),
        pct(p.painted_share),
        times(ratio(p.p50, base?.p50)),
        p.error ?? '',
      ];
    });
    for (const [kind, f] of Object.entries(result.floor))
      rows.push([
        `least work: plain ffmpeg decoding the ${kind} camera`,
        fmt(f.p50, ' ms'),
        fmt(f.p95, ' ms'),
        fmt(f.p99, ' ms'),
        pct(f.painted_share),
        '',
        'no server, no browser',
      ]);
    for (const [kind, b] of Object.entries(result.baseline))
      rows.push([
        `BASELINE ${kind} → base64 JSON JPEG → <img> canvas`,
        fmt(b.p50, ' ms'),
        fmt(b.p95, ' ms'),
        fmt(b.p99, ' ms'),
        pct(b.painted_share),
        '1×',
        b.error ?? '',
      ]);
    out.push(
      `**${size}** (camera send → picture painted in Chromium)\n\n` +
        table(['path', 'p50', 'p95', 'p99', 'frames painted', 'p50 vs baseline', 'note'], rows),
    );
    const b = result.breakdown;
    if (b && !b.error) {
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
    } else if (b?.error) out.push(`Breakdown ${size} failed: ${b.error}`);
  }
  return out.join('\n\n');
}

/** PSS counts the libraries every ffmpeg maps once across the tree; RSS counts them per process. */
const memory = (usage) =>
  `${fmt(usage.pss_mb_per_session, ' MB')} (${fmt(usage.rss_mb_per_session, ' MB')})`;

/**
 * The server's recordings of a preview + record row, if measured: the most any was behind its
 * camera, their files' own frame rate, the slowest stop and the stops that failed.
 */
const recordings = (usage) =>
  usage.recorded_fps_min === undefined
    ? '—'
    : `${fmt(usage.behind_s_max, ' s')}, ${fmt(usage.recorded_fps_min)}, ${fmt(usage.slowest_stop_ms, ' ms')}, ${usage.failed_stops} failed`;

function scaleTables(scale) {
  const out = [];
  for (const [name, result] of Object.entries(scale ?? {})) {
    if (result.error) {
      out.push(`**${name}**: failed: ${result.error.split('\n')[0]}`);
      continue;
    }
    const rows = [];
    for (const row of result.rows) {
      for (const mode of ['preview', 'both', 'record']) {
        const s = row.server[mode];
        const b = row.baseline[mode];
        const label = mode === 'both' ? 'preview + record' : mode;
        const viewerFps = (side) => (mode === 'record' ? '' : fmt(side.viewer_fps_min));
        const side = (usage) =>
          usage.skipped
            ? [usage.skipped, '', '']
            : [viewerFps(usage), fmt(usage.cpu_percent_per_session, ' %'), memory(usage)];
        rows.push([
          row.sessions,
          label,
          mode === 'record' ? '' : fmt(row.direct.fps_min),
          ...side(s),
          mode === 'both' && !s.skipped ? recordings(s) : '',
          ...side(b),
          s.skipped || b.skipped
            ? ''
            : times(ratio(b.cpu_percent_per_session, s.cpu_percent_per_session)),
        ]);
      }
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
          rows,
        ),
    );
  }
  return out.join('\n\n');
}

function stopTimes(scale) {
  const server = Object.values(scale ?? {}).flatMap((r) => r.timings?.stop_ms ?? []);
  const serverPlayable = Object.values(scale ?? {}).flatMap((r) => r.timings?.playable ?? []);
  const base = Object.values(scale ?? {}).flatMap((r) => r.baseline_timings?.stop_ms ?? []);
  const basePlayable = Object.values(scale ?? {}).flatMap(
    (r) => r.baseline_timings?.playable ?? [],
  );
  return {
    server: {
      n: server.length,
      median_ms: round(median(server), 0),
      max_ms: server.length ? round(Math.max(...server), 0) : null,
      all_playable: serverPlayable.every(Boolean),
    },
    baseline: {
      n: base.length,
      median_ms: round(median(base), 0),
      max_ms: base.length ? round(Math.max(...base), 0) : null,
      all_playable: basePlayable.every(Boolean),
    },
  };
}

function target(name, value, limit, better, unit = '') {
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

export function targets(results, stops) {
  const l720 = results.latency?.['720p25'];
  const web = l720?.paths?.find((p) => p.decoder === 'webcodecs');
  const floor = l720?.floor?.h264?.p50;
  const h264 = results.scale?.['h264-720p'];
  // The ratio means something only where the BASELINE still does all the work (full rate).
  const big = h264?.rows?.filter((r) => keptUp(r.baseline.both, r.reference_fps)).at(-1);
  const hdSection = results.scale?.[HD_TARGET_SECTION];
  const hdRow = hdSection?.rows?.[0];
  const hd = hdRow?.server?.both;
  const m = results.memory;
  return [
    target(
      'H.264 glass-to-glass p50 / least-work floor (720p)',
      web?.p50 && floor ? web.p50 / floor : null,
      1.1,
      'max',
      '×',
    ),
    target(
      'frames painted, WebCodecs viewer (720p)',
      web?.painted_share !== undefined ? web.painted_share * 100 : null,
      99.9,
      'min',
      ' %',
    ),
    target(
      `CPU per 1080p25 H.264 session, preview + record (${hdRow?.sessions ?? '?'} sessions, camera at ${hdSection?.camera_kbps ?? '?'} kbit/s)`,
      hd?.cpu_percent_per_session,
      3,
      'max',
      ' % of a core',
    ),
    target(
      `memory (PSS) per 1080p25 H.264 session, preview + record (${hdRow?.sessions ?? '?'} sessions, camera at ${hdSection?.camera_kbps ?? '?'} kbit/s)`,
      hd?.pss_mb_per_session,
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
      big
        ? big.baseline.both.cpu_percent_per_session / big.server.both.cpu_percent_per_session
        : null,
      15,
      'min',
      '×',
    ),
  ];
}

const skippedOrFailed = (r) =>
  r?.skipped
    ? `skipped, not measured: ${r.skipped}`
    : r?.error
      ? `failed: ${r.error.split('\n')[0]}`
      : null;

/** Issue 12's figures: analysis cost, motion → message/event, missed and false events. */
function motionTables(results) {
  const { motion, motion_false_events: still } = results;
  if (!motion && !still) return [];
  const out = ['### Motion detection (issue 12)'];
  const stopped = skippedOrFailed(motion);
  if (stopped) out.push(`Analysis cost and movements: ${stopped}`);
  else {
    out.push(
      'Analysis cost: one session with a viewer on a still, noisy motion scene; CPU of the server ' +
        'and its children with motion on minus the same session with it off (same window length). ' +
        'The grey decoder is the analysis ffmpeg child; the server process extra is OpenCV and ' +
        'the event logic, also per analysed frame (5 frames a second).\n\n' +
        table(
          [
            'camera',
            'server + children, motion off',
            'motion on',
            'analysis (on − off)',
            'grey decoder',
            'server process extra',
            'per analysed frame',
          ],
          motion.cost.map((c) => [
            c.camera,
            fmt(c.tree_cpu_percent_off, ' %'),
            fmt(c.tree_cpu_percent_on, ' %'),
            fmt(c.analysis_cpu_percent, ' % of a core'),
            c.decoder_cpu_percent === null
              ? 'none: OpenCV decodes the JPEGs in the server'
              : fmt(c.decoder_cpu_percent, ' %'),
            fmt(c.server_process_extra_cpu_percent, ' %'),
            fmt(c.server_ms_per_analysed_frame, ' ms'),
          ]),
        ),
    );
    const q = motion.sequence;
    out.push(
      `Movements: ${q.camera}; ${q.movements} movements 10 s apart (8 s still between, post-roll ${q.post_roll_s} s), ` +
        `events without clips, \`GET /events\` polled every ${q.events_poll_ms} ms; times from the camera sending the first frame with the box moved.\n\n` +
        table(
          [
            'motion → `motion` message (median / max)',
            'motion → event listed (median / max)',
            'movements',
            'missed events',
            'extra events',
          ],
          [
            [
              `${fmt(q.motion_to_message_ms.median, ' ms')} / ${fmt(q.motion_to_message_ms.max, ' ms')}`,
              `${fmt(q.motion_to_event_listed_ms.median, ' ms')} / ${fmt(q.motion_to_event_listed_ms.max, ' ms')}`,
              q.movements,
              q.missed_events,
              q.extra_events,
            ],
          ],
        ),
    );
  }
  const stillStopped = skippedOrFailed(still);
  if (stillStopped) out.push(`False events: ${stillStopped}`);
  else if (still)
    out.push(
      `False events: ${still.camera}, brightness ramp of +${still.brightness_per_s} of eq's −1…1 range per second ` +
        `(+${still.brightness_at_end} at the end), alongside the memory run on a server of its own.\n\n` +
        table(
          ['duration', 'false events', 'motion active periods'],
          [[`${still.seconds} s`, still.false_events, still.active_periods]],
        ),
    );
  return out;
}

/** Targets with a goal of zero: a count, or why it was not measured. */
function zeroTarget(name, section, value) {
  const why = skippedOrFailed(section);
  if (why || value === undefined) return [name, '—', '0', why ?? 'not measured'];
  return [name, value, '0', value === 0 ? 'met' : 'missed'];
}

export function markdownReport(results) {
  const mc = results.machine;
  const loaded = mc.load_average_at_start[0] > mc.cpus;
  const stops = stopTimes(results.scale);
  const open = results.open ?? {};
  const openRows = Object.values(open.error ? {} : open).map((o) => [
    o.label,
    o.n,
    fmt(o.median_ms, ' ms'),
    fmt(o.p95_ms, ' ms'),
    o.errors.length ? o.errors[0] : '',
  ]);
  const m = results.memory;
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
    !m
      ? 'not run'
      : m.error
        ? `failed: ${m.error.split('\n')[0]}`
        : table(
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
          ),
    ...motionTables(results),
    '### Targets (issue 11, item 4; issue 12 figures): reported, not enforced',
    table(
      ['target', 'measured', 'goal', 'result'],
      [
        ...targets(results, stops),
        zeroTarget(
          `false motion events over ${results.motion_false_events?.seconds ?? '?'} s of still scene`,
          results.motion_false_events,
          results.motion_false_events?.false_events,
        ),
        zeroTarget(
          `missed motion events over ${results.motion?.sequence?.movements ?? '?'} movements`,
          results.motion,
          results.motion?.sequence?.missed_events,
        ),
      ],
    ),
    '',
  ].join('\n\n');
}
