import { DAY_MS, HOUR_MS, MINUTE_MS, SECOND_MS, spanOf, type TimeView } from './time-view';

/** A labelled mark of the time axis, in the browser's time zone. */
export interface TimeTick {
  ms: number;
  label: string;
  /** A local midnight: drawn stronger, labelled with the date. */
  day: boolean;
}

/** Label steps, finest first; one is chosen so labels stay `minGapPx` apart. */
const STEPS = [
  SECOND_MS,
  5 * SECOND_MS,
  10 * SECOND_MS,
  30 * SECOND_MS,
  MINUTE_MS,
  5 * MINUTE_MS,
  10 * MINUTE_MS,
  15 * MINUTE_MS,
  30 * MINUTE_MS,
  HOUR_MS,
  2 * HOUR_MS,
  3 * HOUR_MS,
  6 * HOUR_MS,
  12 * HOUR_MS,
  DAY_MS,
  2 * DAY_MS,
  7 * DAY_MS,
];

/** The finest step whose labels are at least `minGapPx` apart. */
export function tickStep(view: TimeView, widthPx: number, minGapPx = 84): number {
  const msPerPx = spanOf(view) / Math.max(1, widthPx);
  return STEPS.find((step) => step / msPerPx >= minGapPx) ?? STEPS[STEPS.length - 1];
}

/**
 * The axis labels of a view: on round local times (10:15, 10:30 … or each midnight), in the
 * browser's zone and locale, midnights labelled with the date.
 */
export function timeTicks(
  view: TimeView,
  widthPx: number,
  locale?: string,
  minGapPx?: number,
): TimeTick[] {
  const step = tickStep(view, widthPx, minGapPx);
  const time = formatter(
    locale,
    step < MINUTE_MS
      ? { hour: '2-digit', minute: '2-digit', second: '2-digit' }
      : { hour: '2-digit', minute: '2-digit' },
  );
  const date = formatter(locale, { weekday: 'short', day: 'numeric', month: 'short' });
  return localSteps(view.startMs, view.endMs, step).map((ms) => {
    const day = isLocalMidnight(ms);
    return { ms, day, label: day ? date.format(ms) : time.format(ms) };
  });
}

/** Instants from `startMs` to `endMs` on round local times `step` apart. */
export function localSteps(startMs: number, endMs: number, step: number): number[] {
  const out: number[] = [];
  const limit = 2000;
  if (step >= DAY_MS) {
    // Local midnights; every 2nd or 7th counted from the epoch's day, so they stay on a pan.
    const days = Math.round(step / DAY_MS);
    const date = new Date(startMs);
    date.setHours(0, 0, 0, 0);
    if (date.getTime() < startMs) date.setDate(date.getDate() + 1);
    for (; date.getTime() <= endMs && out.length < limit; date.setDate(date.getDate() + 1)) {
      const dayNumber = Date.UTC(date.getFullYear(), date.getMonth(), date.getDate()) / DAY_MS;
      if (dayNumber % days === 0) out.push(date.getTime());
    }
    return out;
  }
  if (step >= HOUR_MS) {
    // Local hours divisible by the step: 0, 3, 6 … every day, whatever the zone's offset.
    const hours = Math.round(step / HOUR_MS);
    const date = new Date(startMs);
    date.setMinutes(0, 0, 0);
    let ms = date.getTime() < startMs ? date.getTime() + HOUR_MS : date.getTime();
    for (; ms <= endMs && out.length < limit; ms += HOUR_MS) {
      if (new Date(ms).getHours() % hours === 0) out.push(ms);
    }
    return out;
  }
  // Finer steps: the zone's offset (whole minutes, or whole quarter hours) keeps them round.
  const offset = (ms: number) => -new Date(ms).getTimezoneOffset() * MINUTE_MS;
  let ms = Math.ceil((startMs + offset(startMs)) / step) * step - offset(startMs);
  for (; ms <= endMs && out.length < limit; ms += step) out.push(ms);
  return out;
}

function isLocalMidnight(ms: number): boolean {
  const date = new Date(ms);
  return date.getHours() === 0 && date.getMinutes() === 0 && date.getSeconds() === 0;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Intl formatters are slow to make and fast to use: one per locale and set of options. */
export function formatter(
  locale: string | undefined,
  options: Intl.DateTimeFormatOptions,
): Intl.DateTimeFormat {
  const key = `${locale ?? ''}|${JSON.stringify(options)}`;
  let made = formatters.get(key);
  if (!made) {
    made = new Intl.DateTimeFormat(locale, options);
    formatters.set(key, made);
  }
  return made;
}

/** The play position as people read it: `Sat 5 Dec, 14:03:07` in the browser's zone. */
export function formatInstant(ms: number, locale?: string): string {
  return formatter(locale, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).format(ms);
}

/** Time of day with seconds, `14:03:07`. */
export function formatClock(ms: number, locale?: string): string {
  return formatter(locale, { hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(ms);
}
