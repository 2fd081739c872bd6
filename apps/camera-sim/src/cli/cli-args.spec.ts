import { CliUsageError, parseCliArgs } from './cli-args';

describe('parseCliArgs', () => {
  it('parses an MJPEG camera with every option', () => {
    const command = parseCliArgs([
      'mjpeg',
      '--port',
      '0',
      '--size',
      '320x240',
      '--fps=5',
      '--quality',
      '90',
      '--auth',
      'digest',
      '--user',
      'admin',
      '--password',
      'secret',
      '--drop-after',
      '20',
      '--vfr',
      '--log',
      '/tmp/frames.log',
    ]);
    expect(command).toEqual({
      kind: 'mjpeg',
      options: {
        port: 0,
        width: 320,
        height: 240,
        fps: 5,
        quality: 90,
        auth: { type: 'digest', user: 'admin', password: 'secret' },
        dropAfterFrames: 20,
        silent: false,
        vfr: true,
        log: '/tmp/frames.log',
      },
      exitOnStdinEof: false,
    });
  });

  it('parses an RTSP camera and applies the CLI default port', () => {
    const command = parseCliArgs([
      'rtsp',
      '--codec',
      'h265',
      '--audio',
      'aac',
      '--gop',
      '1.5',
      '--silent',
      '--path',
      '/cam',
    ]);
    expect(command).toEqual({
      kind: 'rtsp',
      options: {
        port: 8554,
        codec: 'h265',
        audio: 'aac',
        gop: 1.5,
        silent: true,
        vfr: false,
        path: '/cam',
      },
      exitOnStdinEof: false,
    });
    expect(parseCliArgs(['mjpeg'])).toMatchObject({ options: { port: 8081 } });
    expect(parseCliArgs(['mjpeg', '--exit-on-stdin-eof'])).toMatchObject({ exitOnStdinEof: true });
  });

  it('parses a replay camera and refuses options it does not have', () => {
    expect(
      parseCliArgs([
        'replay',
        '--size',
        '1280x720',
        '--gop',
        '1',
        '--loop',
        '20',
        '--log',
        'f.log',
      ]),
    ).toEqual({
      kind: 'replay',
      options: {
        port: 8554,
        width: 1280,
        height: 720,
        gop: 1,
        loopSeconds: 20,
        log: 'f.log',
      },
      exitOnStdinEof: false,
    });
    expect(() => parseCliArgs(['replay', '--auth', 'basic'])).toThrow('unknown option --auth');
  });

  it('shows help', () => {
    expect(parseCliArgs([])).toEqual({ kind: 'help' });
    expect(parseCliArgs(['rtsp', '--help'])).toEqual({ kind: 'help' });
  });

  it.each([
    [['webcam'], /unknown camera type "webcam"/],
    [['mjpeg', '--codec', 'h264'], /unknown option --codec/],
    [['rtsp', '--quality', '5'], /unknown option --quality/],
    [['mjpeg', '--port'], /--port needs a value/],
    [['mjpeg', '--port', 'abc'], /--port must be a number/],
    [['mjpeg', '--fps', '2.5'], /--fps must be a whole number/],
    [['mjpeg', '--size', '640'], /--size must look like 640x360/],
    [
      ['mjpeg', '--auth', 'ntlm', '--user', 'u', '--password', 'p'],
      /--auth must be basic or digest/,
    ],
    [['mjpeg', '--auth', 'basic'], /--auth needs --user and --password/],
    [['mjpeg', '--user', 'u'], /need --auth/],
    [['mjpeg', 'extra'], /unexpected argument "extra"/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseCliArgs(argv)).toThrow(CliUsageError);
    expect(() => parseCliArgs(argv)).toThrow(message);
  });
});
