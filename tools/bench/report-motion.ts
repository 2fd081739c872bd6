// The summary's motion tables (issue 12): analysis cost, motion → message/event, false events.
import { fmt, table } from './markdown';
import { type BenchResults, failed, skipped } from './results';

/** Why a section has no figures (skipped or failed), or null when it has them. */
export const skippedOrFailed = (r: object | null | undefined): string | null =>
  skipped(r)
    ? `skipped, not measured: ${r.skipped}`
    : failed(r)
      ? `failed: ${r.error.split('\n')[0]}`
      : null;

export function motionTables(results: BenchResults): string[] {
  const { motion, motion_false_events: still } = results;
  if (!motion && !still) return [];
  const out = ['### Motion detection (issue 12)'];
  const stopped = skippedOrFailed(motion);
  if (stopped) out.push(`Analysis cost and movements: ${stopped}`);
  else if (motion && !failed(motion) && !skipped(motion)) {
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
  else if (still && !failed(still) && !skipped(still))
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
