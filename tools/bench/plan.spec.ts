import { parseRunOptions, type RunOptions } from './plan';

const parsed = (argv: string[]): RunOptions => {
  const options = parseRunOptions(argv);
  if ('usage' in options) throw new Error(options.usage);
  if ('help' in options) throw new Error(options.help);
  return options;
};

describe('parseRunOptions', () => {
  it('runs every section and part without --only', () => {
    const { runs, quick, only } = parsed(['--quick']);
    expect([quick, only]).toEqual([true, null]);
    expect(runs('scale', 'h264-720p') && runs('recorder', 'index') && runs('memory')).toBe(true);
  });

  it('runs one section with --only <section>', () => {
    const { runs } = parsed(['--only', 'recorder']);
    expect([runs('recorder'), runs('recorder', 'capacity'), runs('scale')]).toEqual([
      true,
      true,
      false,
    ]);
  });

  it('runs one part with --only <section>/<part>', () => {
    const { runs } = parsed(['--quick', '--only', 'recorder/index']);
    expect([runs('recorder'), runs('recorder', 'index'), runs('recorder', 'mjpeg')]).toEqual([
      true,
      true,
      false,
    ]);
  });

  it('refuses a section it does not have, naming the ones it has', () => {
    expect(parseRunOptions(['--only', 'nope'])).toEqual({
      usage:
        'bench: --only takes one of latency, scale, open, recorder, motion, memory, hop, got nope',
    });
  });

  it('answers --help with the usage, running nothing', () => {
    const options = parseRunOptions(['--quick', '--help']);
    expect('help' in options && options.help).toMatch(/--only .*hop/);
  });

  it.each([['--qiuck'], ['--only', 'recorder', '--fast']])(
    'answers an unknown option (%s …) with the usage instead of an hour of measuring',
    (...argv) => {
      const answer = parseRunOptions(argv);
      expect('usage' in answer && answer.usage).toMatch(
        /^bench: unknown option --.*\nnpm run bench/,
      );
    },
  );
});
