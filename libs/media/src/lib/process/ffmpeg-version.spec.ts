import { probeFfmpegVersion } from './ffmpeg-version';

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

  it('refuses a binary that is not ffmpeg', async () => {
    const echo = await probeFfmpegVersion('/bin/echo', { label: 'ffmpeg' });
    expect(echo.version).toBeNull();
    expect(echo.error).toBe("'/bin/echo' does not look like ffmpeg");
    const failing = await probeFfmpegVersion('/bin/false', { label: 'ffprobe' });
    expect(failing.error).toBe("ffprobe at '/bin/false' failed: exit code 1");
  });
});
