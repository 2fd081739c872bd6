import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os = require('node:os');
import { join } from 'node:path';

// What `ffmpeg -filters` prints for drawtext (ffmpeg 5.1 with libfreetype).
const DRAWTEXT_LINE = ' T.C drawtext          V->V       Draw text on top of video frames.';
const OTHER_LINE = ' TSC drawbox           V->V       Draw a colored box on the input video.';

describe('ffmpegHasDrawtext', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(os.tmpdir(), 'camrec-drawtext-'));
    // The answers are kept in the temp folder: this test's own. Not through TMPDIR: the test's
    // process.env is Jest's copy, which node:os does not read.
    mkdirSync(join(dir, 'tmp'));
    jest.spyOn(os, 'tmpdir').mockReturnValue(join(dir, 'tmp'));
  });
  afterEach(() => {
    jest.restoreAllMocks();
    rmSync(dir, { recursive: true, force: true });
  });
  const keptAnswers = () => readdirSync(join(dir, 'tmp'));

  /** A stand-in ffmpeg that counts its runs and lists these filters. */
  function writeFfmpeg(...filterLines: string[]): string {
    const path = join(dir, 'ffmpeg');
    const lines = filterLines.map((line) => `echo '${line}'`).join('\n');
    writeFileSync(path, `#!/bin/sh\necho run >> '${join(dir, 'runs')}'\n${lines}\n`);
    chmodSync(path, 0o755);
    return path;
  }
  const runs = () => readFileSync(join(dir, 'runs'), 'utf8').split('\n').filter(Boolean).length;

  /** The module as another process (another test file) loads it: nothing asked yet. */
  async function inAnotherProcess(): Promise<typeof import('./clock-font')> {
    let loaded: typeof import('./clock-font') | undefined;
    await jest.isolateModulesAsync(async () => {
      loaded = await import('./clock-font');
    });
    if (!loaded) throw new Error('clock-font did not load');
    return loaded;
  }

  it('asks an executable once: later processes read the answer kept in the temp folder', async () => {
    const ffmpeg = writeFfmpeg(OTHER_LINE, DRAWTEXT_LINE);
    expect(await (await inAnotherProcess()).ffmpegHasDrawtext(ffmpeg)).toBe(true);
    expect(await (await inAnotherProcess()).ffmpegHasDrawtext(ffmpeg)).toBe(true);
    expect(runs()).toBe(1);
    expect(keptAnswers()).toEqual([
      expect.stringMatching(/^camera-recorder-drawtext-[0-9a-f]{16}$/),
    ]);
  });

  it('asks again once the executable changed, and keeps a "no" too', async () => {
    expect(await (await inAnotherProcess()).ffmpegHasDrawtext(writeFfmpeg(DRAWTEXT_LINE))).toBe(
      true,
    );
    // A rebuilt ffmpeg without libfreetype: another size.
    const rebuilt = writeFfmpeg(OTHER_LINE);
    expect(await (await inAnotherProcess()).ffmpegHasDrawtext(rebuilt)).toBe(false);
    expect(await (await inAnotherProcess()).ffmpegHasDrawtext(rebuilt)).toBe(false);
    expect(runs()).toBe(2);
    expect(keptAnswers()).toHaveLength(2);
  });

  it('finds drawtext in the ffmpeg on PATH (Debian builds it with libfreetype)', async () => {
    expect(await (await inAnotherProcess()).ffmpegHasDrawtext('ffmpeg')).toBe(true);
  });
});
