// Small statistics helpers shared by the bench sections.

/** `value` rounded to `digits` places; null for a missing or non-finite value. */
export const round = (value: number | null | undefined, digits = 1): number | null =>
  value === null || value === undefined || !Number.isFinite(value)
    ? null
    : Math.round(value * 10 ** digits) / 10 ** digits;

/** Nearest-rank percentile; null for no values. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export const median = (values: readonly number[]): number | null => percentile(values, 50);

export interface Summary {
  n: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

export function summary(values: readonly number[]): Summary {
  return {
    n: values.length,
    p50: round(percentile(values, 50)),
    p95: round(percentile(values, 95)),
    p99: round(percentile(values, 99)),
  };
}

/** `value / baseline`, or null when either is missing or the baseline is 0. */
export function ratio(
  value: number | null | undefined,
  baseline: number | null | undefined,
): number | null {
  if (value === null || baseline === null || value === undefined || baseline === undefined)
    return null;
  return baseline === 0 ? null : round(value / baseline, 2);
}

/** The smallest of `values`, rounded; null for none (Math.min of nothing is Infinity). */
export const minOf = (values: readonly number[], digits = 1): number | null =>
  values.length ? round(Math.min(...values), digits) : null;

/** The largest of `values`, rounded; null for none. */
export const maxOf = (values: readonly number[], digits = 1): number | null =>
  values.length ? round(Math.max(...values), digits) : null;

export const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));
