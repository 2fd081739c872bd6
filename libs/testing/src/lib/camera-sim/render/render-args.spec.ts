import { frameIndexBarHeight, frameIndexCells } from '../../frame-index';
import {
  buildRenderArgs,
  clockFilter,
  escapeFilterValue,
  frameIndexBarFilters,
  jpegQualityToQscale,
  renderFilterGraph,
  RenderSpec,
} from './render-args';

const spec: RenderSpec = {
  width: 640,
  height: 360,
  fps: 10,
  output: { kind: 'jpeg', qscale: 5 },
  clockFont: '/fonts/DejaVuSans.ttf',
};

describe('frameIndexBarFilters', () => {
  it('draws a black band, then one white cell per bit, with the shared geometry', () => {
    const filters = frameIndexBarFilters(640, 360);
    const barHeight = frameIndexBarHeight(360);
    expect(filters).toHaveLength(17);
    expect(filters[0]).toBe(`drawbox=x=0:y=0:w=640:h=${barHeight}:color=black:t=fill`);
    frameIndexCells(640).forEach(({ x0, x1 }, k) => {
      expect(filters[k + 1]).toBe(
        `drawbox=x=${x0}:y=0:w=${x1 - x0}:h=${barHeight}:color=white:t=fill:enable=bitand(n\\,${2 ** k})`,
      );
    });
  });

  it('follows uneven cell widths', () => {
    const filters = frameIndexBarFilters(650, 100);
    expect(filters[2]).toContain('x=41:y=0:w=40:h=8:');
  });
});

describe('escapeFilterValue', () => {
  it('escapes for the option level and then the graph level', () => {
    expect(escapeFilterValue('a,b')).toBe('a\\,b');
    expect(escapeFilterValue('C:/Windows/Fonts/arial.ttf')).toBe('C\\\\:/Windows/Fonts/arial.ttf');
    expect(escapeFilterValue("it's")).toBe("it\\\\\\'s");
    expect(escapeFilterValue('/usr/share/fonts/x.ttf')).toBe('/usr/share/fonts/x.ttf');
  });
});

describe('renderFilterGraph', () => {
  it('puts the clock below the bar when a font is given', () => {
    const graph = renderFilterGraph(spec);
    expect(graph.split(',drawbox=')).toHaveLength(17);
    expect(graph).toContain(clockFilter('/fonts/DejaVuSans.ttf', 360));
    const clockY = Number(/drawtext=.*:y=(\d+)/.exec(graph)?.[1]);
    expect(clockY).toBeGreaterThanOrEqual(frameIndexBarHeight(360));
  });

  it('renders no clock without a font', () => {
    expect(renderFilterGraph({ ...spec, clockFont: null })).not.toContain('drawtext');
  });
});

describe('buildRenderArgs', () => {
  it('renders an endless moving test pattern as JPEG to stdout, without -re', () => {
    const args = buildRenderArgs(spec);
    expect(args.slice(args.indexOf('-i'), args.indexOf('-i') + 2)).toEqual([
      '-i',
      'testsrc2=size=640x360:rate=10',
    ]);
    expect(args).toEqual(expect.arrayContaining(['-nostdin', '-c:v', 'mjpeg', '-q:v', '5']));
    expect(args.slice(-3)).toEqual(['-f', 'mjpeg', 'pipe:1']);
    expect(args).not.toContain('-re');
    expect(args[args.indexOf('-vf') + 1]).toBe(renderFilterGraph(spec));
  });

  it('renders raw I420 for the RTSP server', () => {
    const args = buildRenderArgs({ ...spec, fps: 25, output: { kind: 'i420' } });
    expect(args.slice(-5)).toEqual(['-pix_fmt', 'yuv420p', '-f', 'rawvideo', 'pipe:1']);
    expect(args).toContain('testsrc2=size=640x360:rate=25');
  });
});

describe('jpegQualityToQscale', () => {
  it('maps quality 100..1 onto qscale 2..31', () => {
    expect(jpegQualityToQscale(100)).toBe(2);
    expect(jpegQualityToQscale(1)).toBe(31);
    expect(jpegQualityToQscale(80)).toBe(8);
  });
});
