import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ffmpegTooOld, probeFfmpegVersion } from './ffmpeg-version';

/** A real program that answers -version like an old ffmpeg does. */
function fakeOldFfmpeg(dir: string, version = '4.4.2-0ubuntu0.22.04.1'): string {
  const path = join(dir, 'ffmpeg');
  writeFileSync(path, `#!/bin/sh\necho 'ffmpeg version ${version} Copyright (c) 2000-2021'\n`);
  chmodSync(path, 0o755);
  return path;
}

describe('probeFfmpegVersion', () => {
  it('reads the version of the installed ffmpeg and ffprobe', async () => {
    const ffmpeg = await probeFfmpegVersion('ffmpeg');
    expect(ffmpeg.error).toBeUndefined();
    expect(ffmpeg.version).toMatch(/^\d+\.\d+/);
    const ffprobe = await probeFfmpegVersion('/usr/bin/ffprobe');
    expect(ffprobe).toEqual({ path: '/usr/bin/ffprobe', version: ffmpeg.version });
  });

  it('names a missing binary', async () => {
    await expect(probeFfmpegVersion('/opt/none/ffmpeg')).resolves.toEqual({
      path: '/opt/none/ffmpeg',
      version: null,
      error: "ffmpeg not found at '/opt/none/ffmpeg'",
    });
  });

  it('gives the version of an ffmpeg older than 5.1 with the reason it does not fit', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'camrec-old-ffmpeg-'));
    try {
      const path = fakeOldFfmpeg(dir);
      const old = await probeFfmpegVersion(path);
      expect(old.version).toBe('4.4.2-0ubuntu0.22.04.1');
      expect(old.error).toBe(
        `ffmpeg at '${path}': version 4.4.2-0ubuntu0.22.04.1 is older than 5.1, which Camera Recorder needs (its RTSP options mean something else before)`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('tells old versions from new ones', () => {
    expect(ffmpegTooOld('5.0.3')).toMatch(/older than 5.1/);
    expect(ffmpegTooOld('n4.4')).toMatch(/older than 5.1/);
    for (const fine of ['5.1.9-0+deb12u1', 'n6.1.1', '7.0', 'N-113000-g1234abcd'])
      expect(ffmpegTooOld(fine)).toBeNull();
  });

  it('refuses a binary that is not ffmpeg', async () => {
    const echo = await probeFfmpegVersion('/bin/echo', { label: 'ffmpeg' });
    expect(echo.version).toBeNull();
    expect(echo.error).toBe("'/bin/echo' does not look like ffmpeg");
    const failing = await probeFfmpegVersion('/bin/false', { label: 'ffprobe' });
    expect(failing.error).toBe("ffprobe at '/bin/false' failed: exit code 1");
  });
});
