import { mjpegEncoderArgs, probeArgs, remuxArgs, thumbnailArgs } from './ffmpeg-args';

function valueAfter(args: string[], flag: string): string | undefined {
  const at = args.indexOf(flag);
  return at === -1 ? undefined : args[at + 1];
}

describe('ffmpeg arguments', () => {
  describe('MJPEG encoder', () => {
    const args = mjpegEncoderArgs({ preset: 'veryfast', crf: 23 });

    it('encodes with libx264 at the configured preset and CRF', () => {
      expect(valueAfter(args, '-c:v')).toBe('libx264');
      expect(valueAfter(args, '-preset')).toBe('veryfast');
      expect(valueAfter(args, '-crf')).toBe('23');
      expect(args.join(' ')).toContain('format=yuv420p');
    });

    it('reads timestamped Matroska from stdin and writes fragmented MP4 to stdout', () => {
      expect(valueAfter(args, '-f')).toBe('matroska');
      expect(valueAfter(args, '-i')).toBe('pipe:0');
      expect(args[args.length - 1]).toBe('pipe:1');
      expect(valueAfter(args, '-movflags')).toContain('empty_moov');
      expect(valueAfter(args, '-movflags')).toContain('frag_every_frame');
    });

    it('keeps variable frame rate: no fps filter, no -vsync, timestamps passed through', () => {
      expect(args).not.toContain('-vsync');
      expect(args).not.toContain('-r');
      expect(args.join(' ')).not.toMatch(/fps=/);
      expect(valueAfter(args, '-fps_mode')).toBe('passthrough');
    });
  });

  it('remuxes with stream copy and the index first', () => {
    const args = remuxArgs('/v/a.mp4.part', '/v/a.remux.mp4');
    expect(valueAfter(args, '-i')).toBe('/v/a.mp4.part');
    expect(valueAfter(args, '-c')).toBe('copy');
    expect(valueAfter(args, '-movflags')).toBe('+faststart');
    expect(args[args.length - 1]).toBe('/v/a.remux.mp4');
    expect(args).not.toContain('-vsync');
  });

  it('takes one thumbnail frame at the given time, keeping the aspect', () => {
    const args = thumbnailArgs('/v/a.mp4', '/v/a.jpg.tmp', 1);
    expect(valueAfter(args, '-ss')).toBe('1.000');
    expect(valueAfter(args, '-frames:v')).toBe('1');
    expect(valueAfter(args, '-vf')).toMatch(/scale=320:-2$/);
    expect(args[args.length - 1]).toBe('/v/a.jpg.tmp');
  });

  it('probes format and streams as JSON', () => {
    expect(probeArgs('/v/a.mp4')).toEqual([
      '-v',
      'error',
      '-print_format',
      'json',
      '-show_format',
      '-show_streams',
      '/v/a.mp4',
    ]);
  });
});
