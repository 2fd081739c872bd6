/** A clip or a continuous segment, as retention sees it. */
export interface RetainedFootage {
  /** The clip's filename, or the segment's path in the videos folder. */
  name: string;
  kind: 'clip' | 'segment';
  /** When it starts, Unix ms: the oldest goes first. */
  startMs: number;
  bytes: number;
  /** A clip marked kept, or a segment inside a kept range: never deleted. */
  keep: boolean;
  /** A segment during a motion event: kept for retention_events_days. */
  hasEvent: boolean;
}

/** Null = no such limit. */
export interface RetentionLimits {
  maxBytes: number | null;
  minFreeBytes: number | null;
  /** retention_days: clips, and continuous footage without a limit of its own. */
  maxAgeMs: number | null;
  /** retention_continuous_days: continuous footage. */
  continuousMaxAgeMs: number | null;
  /** retention_events_days: continuous footage during motion events. */
  eventsMaxAgeMs: number | null;
}

export interface RetentionDecision {
  name: string;
  kind: 'clip' | 'segment';
  bytes: number;
  reason: string;
}

const DAY_MS = 86_400_000;

/**
 * What to delete, oldest first, so that every limit holds again: footage older than its age
 * limit; then, while the footage takes more than the size cap or the disk has less free space
 * than the floor, the oldest footage that is not kept. Kept footage still counts towards the
 * size. `usedBytes` is all the footage, `footage` the candidates (the oldest, or all).
 */
export function planRetention(
  footage: readonly RetainedFootage[],
  limits: RetentionLimits,
  usedBytes: number,
  freeBytes: number | null,
  now: number,
): RetentionDecision[] {
  const candidates = footage
    .filter((item) => !item.keep)
    .sort((a, b) => a.startMs - b.startMs || a.name.localeCompare(b.name));
  const chosen: RetentionDecision[] = [];
  let used = usedBytes;
  let free = freeBytes;
  for (const item of candidates) {
    const reason =
      tooOld(item, limits, now) ??
      (limits.maxBytes !== null && used > limits.maxBytes
        ? `footage uses ${used} bytes, over retention_max_gb (${limits.maxBytes} bytes)`
        : null) ??
      (limits.minFreeBytes !== null && free !== null && free < limits.minFreeBytes
        ? `${free} bytes free, under retention_min_free_gb (${limits.minFreeBytes} bytes)`
        : null);
    if (reason === null) continue;
    chosen.push({ name: item.name, kind: item.kind, bytes: item.bytes, reason });
    used -= item.bytes;
    if (free !== null) free += item.bytes;
  }
  return chosen;
}

/** Why the item is past its age limit, naming the setting; null while it is not. */
function tooOld(item: RetainedFootage, limits: RetentionLimits, now: number): string | null {
  const [key, maxAgeMs] =
    item.kind === 'clip'
      ? (['retention_days', limits.maxAgeMs] as const)
      : item.hasEvent && limits.eventsMaxAgeMs !== null
        ? (['retention_events_days', limits.eventsMaxAgeMs] as const)
        : limits.continuousMaxAgeMs !== null
          ? (['retention_continuous_days', limits.continuousMaxAgeMs] as const)
          : (['retention_days', limits.maxAgeMs] as const);
  const ageMs = now - item.startMs;
  if (maxAgeMs === null || ageMs <= maxAgeMs) return null;
  return `older than ${key} (${Math.floor(ageMs / DAY_MS)} days old)`;
}
