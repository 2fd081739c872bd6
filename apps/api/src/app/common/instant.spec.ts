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
