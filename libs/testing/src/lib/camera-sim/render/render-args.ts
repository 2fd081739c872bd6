// ffmpeg arguments of the frame renderer: the one place that defines what a simulated camera's
// picture looks like (moving test pattern, frame-index bar, wall clock), for MJPEG and RTSP.
import { frameIndexBarHeight, frameIndexCells } from '../../frame-index';

export type RenderOutput = { kind: 'jpeg'; qscale: number } | { kind: 'i420' };

export interface RenderSpec {
  width: number;
  height: number;
  fps: number;
  output: RenderOutput;
  /** TrueType font for the wall clock; null renders no clock. */
  clockFont: string | null;
  /** A lavfi source graph instead of the moving test pattern. */
  scene?: string;
}

/**
 * Escapes a filter option value for both levels of ffmpeg's filtergraph parsing: first the
 * option string of a filter (`:` separates options), then the graph (`,;[]` separate filters).
 */
export function escapeFilterValue(value: string): string {
  const optionLevel = value.replace(/[\\':]/g, '\\$&');
  return optionLevel.replace(/[\\'[\],;]/g, '\\$&');
}

/** A black band with one white box per set bit of the frame number `n` (timeline `enable`). */
export function frameIndexBarFilters(width: number, height: number): string[] {
  const barHeight = frameIndexBarHeight(height);
  const cells = frameIndexCells(width).map(({ x0, x1 }, k) => {
    const enable = escapeFilterValue(`bitand(n,${2 ** k})`);
    return `drawbox=x=${x0}:y=0:w=${x1 - x0}:h=${barHeight}:color=white:t=fill:enable=${enable}`;
  });
  return [`drawbox=x=0:y=0:w=${width}:h=${barHeight}:color=black:t=fill`, ...cells];
}

/** Wall clock and frame number, below the bar so that it never overlaps a cell. */
export function clockFilter(fontFile: string, height: number): string {
  const barHeight = frameIndexBarHeight(height);
  const fontSize = Math.max(12, Math.round(height / 20));
  const text = escapeFilterValue('%{localtime}  frame %{n}');
  return (
    `drawtext=fontfile=${escapeFilterValue(fontFile)}:text=${text}:fontsize=${fontSize}` +
    `:fontcolor=white:box=1:boxcolor=black@0.6:boxborderw=4` +
    `:x=8:y=${barHeight + Math.round(fontSize / 2)}`
  );
}

export function renderFilterGraph(spec: RenderSpec): string {
  const filters = frameIndexBarFilters(spec.width, spec.height);
  if (spec.clockFont) filters.push(clockFilter(spec.clockFont, spec.height));
  return filters.join(',');
}

/**
 * Renders forever to stdout as fast as the reader consumes: the camera paces frames itself,
 * so no `-re`. Output frame n carries index n in its bar.
 */
export function buildRenderArgs(spec: RenderSpec): string[] {
  const source = spec.scene ?? `testsrc2=size=${spec.width}x${spec.height}:rate=${spec.fps}`;
  const output =
    spec.output.kind === 'jpeg'
      ? ['-c:v', 'mjpeg', '-q:v', String(spec.output.qscale), '-pix_fmt', 'yuvj420p', '-f', 'mjpeg']
      : ['-pix_fmt', 'yuv420p', '-f', 'rawvideo'];
  return [
    '-hide_banner',
    '-nostdin',
    '-loglevel',
    'error',
    '-f',
    'lavfi',
    '-i',
    source,
    '-vf',
    renderFilterGraph(spec),
    ...output,
    'pipe:1',
  ];
}

/** Maps the usual 1 (worst) to 100 (best) JPEG quality onto ffmpeg's qscale 31 (worst) to 2. */
export function jpegQualityToQscale(quality: number): number {
  const clamped = Math.min(100, Math.max(1, quality));
  return Math.round(2 + ((100 - clamped) * 29) / 99);
}
