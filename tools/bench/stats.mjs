// Small statistics helpers shared by the bench sections.

export const round = (value, digits = 1) =>
  value === null || value === undefined || !Number.isFinite(value)
    ? null
    : Math.round(value * 10 ** digits) / 10 ** digits;

/** Nearest-rank percentile; null for no values. */
export function percentile(values, p) {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export const median = (values) => percentile(values, 50);

export function summary(values) {
  return {
    n: values.length,
    p50: round(percentile(values, 50)),
    p95: round(percentile(values, 95)),
    p99: round(percentile(values, 99)),
  };
}

/** `value / baseline`, or null when either is missing or the baseline is 0. */
export function ratio(value, baseline) {
  if (value === null || baseline === null || value === undefined || baseline === undefined)
    return null;
  return baseline === 0 ? null : round(value / baseline, 2);
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
