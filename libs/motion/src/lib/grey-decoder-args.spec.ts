import { buildGreyDecoderArgs } from './grey-decoder-args';

describe('buildGreyDecoderArgs', () => {
  it('decodes stdin fMP4 to raw grey frames of the asked size and rate', () => {
    const args = buildGreyDecoderArgs({ width: 320, height: 180, fps: 5 });
    expect(args.slice(args.indexOf('-f'), args.indexOf('-f') + 4)).toEqual([
      '-f',
      'mp4',
      '-i',
      'pipe:0',
    ]);
    expect(args[args.indexOf('-vf') + 1]).toBe('fps=5,scale=320:180:flags=area,format=gray');
    expect(args.slice(-3)).toEqual(['-f', 'rawvideo', 'pipe:1']);
  });
});
