import { BadRequestException } from '@nestjs/common';

/** Instants outside these years are refused: they are typing mistakes, not footage. */
const EARLIEST_MS = Date.UTC(2000, 0, 1);
const LATEST_MS = Date.UTC(2200, 0, 1);

/**
 * An instant given in a query: ISO 8601 (`2026-12-05T14:00:00Z`, with a zone) or Unix
 * milliseconds, the same everywhere in the API. A bad value is a 400 naming the parameter.
 */
export function parseInstant(value: unknown, name: string): number {
  const text = typeof value === 'string' ? value.trim() : '';
  let ms = Number.NaN;
  if (/^\d{1,16}$/.test(text)) ms = Number(text);
  else if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.test(text)) {
    ms = Date.parse(text);
    checkDayExists(text.slice(0, 10), name);
  }
  if (!Number.isFinite(ms)) {
    throw new BadRequestException(
      `${name} must be an ISO 8601 time with a zone (2026-12-05T14:00:00Z) or Unix milliseconds`,
    );
  }
  if (ms < EARLIEST_MS || ms > LATEST_MS) {
    throw new BadRequestException(`${name} must lie between the years 2000 and 2200`);
  }
  return ms;
}

/**
 * V8 reads 30 February as 2 March and 31 April as 1 May (days 32 and up it refuses): a day
 * the month does not have is a typing mistake, not another day's footage.
 */
function checkDayExists(date: string, name: string): void {
  const [year, month, day] = date.split('-').map(Number);
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month >= 1 && month <= 12 && day > daysInMonth) {
    throw new BadRequestException(`${name} names a day that does not exist: ${date}`);
  }
}

/** `start` and `end` of a query, each optional with its default; `end` after `start`. */
export function parseRange(
  query: { start?: unknown; end?: unknown },
  defaults: { start: number; end: number },
): { start: number; end: number } {
  const start = query.start === undefined ? defaults.start : parseInstant(query.start, 'start');
  const end = query.end === undefined ? defaults.end : parseInstant(query.end, 'end');
  if (end <= start) throw new BadRequestException('end must be after start');
  return { start, end };
}
