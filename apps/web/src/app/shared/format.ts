/** `7` → `0:07`, `83` → `1:23`, `3723` → `1:02:03`. */
export function formatDuration(seconds: number): string {
  const total = Math.max(0, Math.floor(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** Sizes in the units people read: `2.4 MB`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

/**
 * Date and time in the browser's locale, e.g. `23 Nov 2026, 22:01:07`: seconds tell apart
 * clips recorded within the same minute.
 */
export function formatDateTime(iso: string, locale?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium' }).format(date);
}

/** ffmpeg codec names as people know them. */
export function codecLabel(codec: string | null | undefined): string {
  switch ((codec ?? '').toLowerCase()) {
    case 'h264':
      return 'H.264';
    case 'hevc':
    case 'h265':
      return 'H.265';
    case 'mjpeg':
      return 'MJPEG';
    case 'aac':
      return 'AAC';
    case '':
      return '—';
    default:
      return codec ?? '—';
  }
}

/**
 * A camera URL as a short label without credentials: `rtsp://user:pw@cam:554/live` →
 * `cam:554/live`.
 */
export function urlLabel(url: string): string {
  try {
    const parsed = new URL(url);
    const path = parsed.pathname === '/' ? '' : parsed.pathname;
    return `${parsed.host}${path}${parsed.search}` || url;
  } catch {
    return url.replace(/\/\/[^@/]*@/, '//');
  }
}

/**
 * A moment as short as it can be read unambiguously: the time alone today (`22:01:07`),
 * with the date otherwise.
 */
export function formatMoment(iso: string, now = new Date(), locale?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  if (date.toDateString() === now.toDateString()) {
    return new Intl.DateTimeFormat(locale, { timeStyle: 'medium' }).format(date);
  }
  return formatDateTime(iso, locale);
}

/** How long until `iso`, in words: `in 12 s`, `in 3 min`, `now` once it is due. */
export function formatUntil(iso: string, now = new Date()): string {
  const seconds = Math.round((new Date(iso).getTime() - now.getTime()) / 1000);
  if (Number.isNaN(seconds)) return iso;
  if (seconds <= 0) return 'now';
  if (seconds < 90) return `in ${seconds} s`;
  return `in ${Math.round(seconds / 60)} min`;
}
