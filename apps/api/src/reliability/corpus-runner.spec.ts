import type { HttpCase } from './corpus-common';
import { sampleCases } from './corpus-runner';

function httpCase(category: string, expect: HttpCase['expect'], n: number): HttpCase {
  return { category, name: `${category} ${n}`, method: 'POST', path: '/x', headers: {}, expect };
}

describe('sampleCases (the leak check passes)', () => {
  it('keeps the first case of each kind and one in `every` after it, in order', () => {
    const cases = [
      ...Array.from({ length: 7 }, (_, n) => httpCase('camera url', 'refused', n)),
      httpCase('camera url', 'accepted', 0),
      httpCase('camera url', 'accepted', 1),
      httpCase('export', 'refused', 0),
    ];
    expect(sampleCases(cases, 3).map((c) => `${c.name} ${c.expect}`)).toEqual([
      'camera url 0 refused',
      'camera url 3 refused',
      'camera url 6 refused',
      'camera url 0 accepted',
      'export 0 refused',
    ]);
  });

  it('always keeps a case that puts back what the cases before it changed', () => {
    const restoring: HttpCase = { ...httpCase('camera name', 'accepted', 1), restores: true };
    const cases = [httpCase('camera name', 'accepted', 0), restoring];
    expect(sampleCases(cases, 3)).toEqual(cases);
  });

  it('keeps everything with every = 1', () => {
    const cases = Array.from({ length: 5 }, (_, n) => httpCase('playback', 'refused', n));
    expect(sampleCases(cases, 1)).toEqual(cases);
  });
});
