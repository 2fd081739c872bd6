/** A finished video as retention sees it. */
export interface RetainedVideo {
  filename: string;
  created_at: string;
  size_bytes: number;
  keep: boolean;
}

/** Null = no such limit. */
export interface RetentionLimits {
  maxBytes: number | null;
  minFreeBytes: number | null;
  maxAgeMs: number | null;
}

export interface RetentionDecision {
  filename: string;
  reason: string;
}

/**
 * Which videos to delete, oldest first, so that every limit holds again: older than the age
 * limit; then while the library is over its size; then while the disk is under its free-space
 * floor. Kept videos are never chosen (they still count towards the size). Videos being
 * written are not in `videos` (the library lists finished videos only).
 */
export function planRetention(
  videos: readonly RetainedVideo[],
  limits: RetentionLimits,
  freeBytes: number | null,
  now: number,
): RetentionDecision[] {
  const candidates = videos
    .filter((video) => !video.keep)
    .sort(
      (a, b) => a.created_at.localeCompare(b.created_at) || a.filename.localeCompare(b.filename),
    );
  const chosen: RetentionDecision[] = [];
  let used = videos.reduce((sum, video) => sum + video.size_bytes, 0);
  let free = freeBytes;
  for (const video of candidates) {
    const ageMs = now - Date.parse(video.created_at);
    let reason: string | null = null;
    if (limits.maxAgeMs !== null && ageMs > limits.maxAgeMs) {
      reason = `older than retention_days (${Math.floor(ageMs / 86_400_000)} days old)`;
    } else if (limits.maxBytes !== null && used > limits.maxBytes) {
      reason = `videos use ${used} bytes, over retention_max_gb (${limits.maxBytes} bytes)`;
    } else if (limits.minFreeBytes !== null && free !== null && free < limits.minFreeBytes) {
      reason = `${free} bytes free, under retention_min_free_gb (${limits.minFreeBytes} bytes)`;
    }
    if (reason === null) continue;
    chosen.push({ filename: video.filename, reason });
    used -= video.size_bytes;
    if (free !== null) free += video.size_bytes;
  }
  return chosen;
}
