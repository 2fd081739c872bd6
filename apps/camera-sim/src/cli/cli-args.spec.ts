import { motionScene } from '@camrec/testing/camera-sim';
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
        '--kbps',
        '4000',
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
        kbps: 4000,
        log: 'f.log',
      },
      exitOnStdinEof: false,
    });
    expect(() => parseCliArgs(['replay', '--auth', 'basic'])).toThrow('unknown option --auth');
  });

  it("draws the motion scene at the camera's size and rate, defaults included", () => {
    const rtsp = parseCliArgs([
      'rtsp',
      '--size',
      '1280x720',
      '--scene',
      'motion',
      '--move-at',
      '5,20.5,35',
      '--brightness-per-s',
      '0.0005',
    ]);
    expect(rtsp).toMatchObject({
      options: {
        scene: motionScene({
          width: 1280,
          height: 720,
          fps: 25,
          moveAtS: [5, 20.5, 35],
          brightnessPerS: 0.0005,
        }),
      },
    });
    expect(parseCliArgs(['mjpeg', '--scene', 'motion'])).toMatchObject({
      options: { scene: motionScene({ width: 640, height: 360, fps: 10 }) },
    });
    expect(parseCliArgs(['mjpeg'])).not.toHaveProperty('options.scene');
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
    [['rtsp', '--scene', 'beach'], /--scene must be motion, got "beach"/],
    [['rtsp', '--move-at', '5'], /--move-at needs --scene motion/],
    [['mjpeg', '--brightness-per-s', '0.1'], /--brightness-per-s needs --scene motion/],
    [['rtsp', '--scene', 'motion', '--move-at', '5,,9'], /--move-at must be increasing seconds/],
    [['rtsp', '--scene', 'motion', '--move-at', '9,5'], /--move-at must be increasing seconds/],
    [['rtsp', '--scene', 'motion', '--brightness-per-s', '2'], /from -1 to 1, got 2/],
    [['replay', '--scene', 'motion'], /unknown option --scene/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseCliArgs(argv)).toThrow(CliUsageError);
    expect(() => parseCliArgs(argv)).toThrow(message);
  });
});
