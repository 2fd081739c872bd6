import { parseRange } from './byte-range';

describe('parseRange', () => {
  const size = 1000;

  it.each([
    [undefined, { kind: 'whole' }],
    ['', { kind: 'whole' }],
    ['bytes=0-99', { kind: 'partial', start: 0, end: 99 }],
    ['bytes=0-0', { kind: 'partial', start: 0, end: 0 }],
    ['bytes=500-', { kind: 'partial', start: 500, end: 999 }],
    ['bytes=400-599', { kind: 'partial', start: 400, end: 599 }],
    ['bytes=-100', { kind: 'partial', start: 900, end: 999 }],
    ['bytes=-5000', { kind: 'partial', start: 0, end: 999 }],
    ['bytes=900-5000', { kind: 'partial', start: 900, end: 999 }],
    ['Bytes = 1-2', { kind: 'partial', start: 1, end: 2 }],
    ['items=0-5', { kind: 'whole' }],
    ['bytes=0-1,5-6', { kind: 'whole' }],
  ])('%j → %j', (header, expected) => {
    expect(parseRange(header, size)).toEqual(expected);
  });

  it.each([
    ['bytes=1000-', /beyond the end of the 1000-byte file/],
    ['bytes=5000-6000', /beyond the end/],
    ['bytes=10-5', /ends before it starts/],
    ['bytes=-0', /empty suffix/],
    ['bytes=-', /malformed byte range/],
    ['bytes=abc', /malformed byte range/],
    ['bytes=1.5-2', /malformed byte range/],
    ['bytes=--5', /malformed byte range/],
    ['bytes 0-5', /malformed Range header/],
  ])('%j → 416 (%s)', (header, reason) => {
    const result = parseRange(header, size);
    expect(result.kind).toBe('unsatisfiable');
    expect(result.kind === 'unsatisfiable' && result.reason).toMatch(reason);
  });

  it('cannot satisfy any range of an empty file', () => {
    expect(parseRange('bytes=0-', 0).kind).toBe('unsatisfiable');
    expect(parseRange('bytes=-10', 0).kind).toBe('unsatisfiable');
  });
});
