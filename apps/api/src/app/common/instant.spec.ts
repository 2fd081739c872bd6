import { BadRequestException } from '@nestjs/common';
import { parseInstant, parseRange } from './instant';

describe('parseInstant', () => {
  it('reads ISO 8601 with a zone and Unix milliseconds alike', () => {
    const ms = Date.UTC(2026, 11, 5, 14, 0, 0);
    expect(parseInstant('2026-12-05T14:00:00Z', 'start')).toBe(ms);
    expect(parseInstant('2026-12-05T15:00:00+01:00', 'start')).toBe(ms);
    expect(parseInstant('2026-12-05T14:00:00.000Z', 'start')).toBe(ms);
    expect(parseInstant(String(ms), 'start')).toBe(ms);
  });

  it.each([
    ['', 'an empty value'],
    ['yesterday', 'words'],
    ['2026-12-05T14:00:00', 'a time without a zone'],
    ['1e12', 'an exponent'],
    ['-5', 'a negative number'],
    ['99999999999999999999', 'a number too long'],
  ])('refuses %j (%s) with a 400 naming the parameter', (value) => {
    expect(() => parseInstant(value, 'end')).toThrow(BadRequestException);
    expect(() => parseInstant(value, 'end')).toThrow(/^end must be an ISO 8601 time/);
  });

  it.each(['2026-02-29T10:00:00Z', '2026-02-30T10:00:00Z', '2026-04-31T10:00:00+02:00'])(
    'refuses %j, a day the month does not have (not the day after)',
    (value) => {
      expect(() => parseInstant(value, 'start')).toThrow(BadRequestException);
      expect(() => parseInstant(value, 'start')).toThrow(/^start names a day that does not exist/);
    },
  );

  it('reads the last day of every month, 29 February of a leap year and 24:00', () => {
    expect(parseInstant('2028-02-29T10:00:00Z', 'start')).toBe(Date.UTC(2028, 1, 29, 10));
    expect(parseInstant('2026-04-30T10:00:00Z', 'start')).toBe(Date.UTC(2026, 3, 30, 10));
    expect(parseInstant('2026-12-31T23:30:00-01:00', 'start')).toBe(Date.UTC(2027, 0, 1, 0, 30));
    expect(parseInstant('2026-12-05T24:00:00Z', 'end')).toBe(Date.UTC(2026, 11, 6));
  });

  it('refuses instants before 2000 or after 2200', () => {
    expect(() => parseInstant('5', 'start')).toThrow(
      'start must lie between the years 2000 and 2200',
    );
    expect(() => parseInstant('9999-01-01T00:00:00Z', 'start')).toThrow(/2000 and 2200/);
  });
});

describe('parseRange', () => {
  const defaults = { start: Date.UTC(2026, 0, 1), end: Date.UTC(2026, 0, 2) };

  it('takes the defaults for what is left out', () => {
    expect(parseRange({}, defaults)).toEqual(defaults);
    expect(parseRange({ end: String(Date.UTC(2026, 0, 3)) }, defaults)).toEqual({
      start: defaults.start,
      end: Date.UTC(2026, 0, 3),
    });
  });

  it('refuses a reversed or empty range', () => {
    const at = String(Date.UTC(2026, 0, 1, 12));
    expect(() => parseRange({ start: at, end: at }, defaults)).toThrow('end must be after start');
  });
});
