import { join } from 'node:path';
import { resolveRtspOptions } from './rtsp-camera';
import {
  buildRtspServerArgs,
  buildRtspServerEnv,
  locateRtspServerScript,
  parseReadyLine,
  RTSP_PASSWORD_ENV,
  RTSP_SERVER_SCRIPT,
} from './rtsp-server-args';

describe('resolveRtspOptions', () => {
  it('applies the RTSP defaults', () => {
    expect(resolveRtspOptions({})).toMatchObject({
      host: '127.0.0.1',
      port: 0,
      width: 640,
      height: 360,
      fps: 25,
      path: '/stream',
      codec: 'h264',
      profile: 'baseline',
      audio: 'none',
      gop: 2,
    });
  });

  it.each([
    [{ codec: 'vp8' }, /codec must be one of h264, h265/],
    [{ audio: 'mp3' }, /audio must be one of/],
    [{ path: 'stream' }, /path must start with \//],
    [{ gop: 0 }, /gop must be more than 0/],
    [{ width: 641 }, /must be even/],
    [{ fps: 0 }, /fps must be an integer from 1/],
    [{ auth: { type: 'digest', user: '', password: 'x' } }, /auth.user must be non-empty/],
  ])('refuses %j', (options, message) => {
    expect(() => resolveRtspOptions(options as never)).toThrow(message);
  });
});

describe('buildRtspServerArgs', () => {
  it('passes every option to the Python server', () => {
    const config = resolveRtspOptions({
      port: 8554,
      codec: 'h265',
      audio: 'pcma',
      auth: { type: 'basic', user: 'u', password: 'p w' },
      dropAfterFrames: 50,
    });
    const args = buildRtspServerArgs('/x/rtsp_server.py', config, 1234);
    expect(args.slice(0, 2)).toEqual(['-u', '/x/rtsp_server.py']);
    const value = (flag: string) => args[args.indexOf(flag) + 1];
    expect(value('--port')).toBe('8554');
    expect(value('--codec')).toBe('h265');
    expect(value('--audio')).toBe('pcma');
    expect(value('--gop')).toBe('2');
    expect(value('--user')).toBe('u');
    expect(args.join(' ')).not.toContain('p w');
    expect(buildRtspServerEnv(config, {})).toEqual({ [RTSP_PASSWORD_ENV]: 'p w' });
    expect(value('--drop-after')).toBe('50');
    expect(value('--parent-pid')).toBe('1234');
  });

  it('leaves out auth and drop-after when not set', () => {
    const args = buildRtspServerArgs('s.py', resolveRtspOptions({}), 1);
    expect(args).not.toContain('--auth');
    expect(args).not.toContain('--drop-after');
  });
});

describe('parseReadyLine and locateRtspServerScript', () => {
  it('reads the bound port', () => {
    expect(parseReadyLine('READY 41234')).toBe(41234);
    expect(parseReadyLine('something else')).toBeNull();
  });

  it('finds the script beside this module', () => {
    expect(locateRtspServerScript()).toBe(join(__dirname, RTSP_SERVER_SCRIPT));
    expect(() => locateRtspServerScript('/nonexistent')).toThrow(/rtsp_server.py not found/);
  });
});
