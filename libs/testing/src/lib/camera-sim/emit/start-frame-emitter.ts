// Puts a camera's picture together: clock font lookup, ffmpeg renderer, pacing and frame log.
import { resolveClockFont } from '../render/clock-font';
import { FrameRenderer } from '../render/frame-renderer';
import { JpegFrameSplitter, RawFrameSplitter } from '../render/frame-splitters';
import { buildRenderArgs, i420FrameSize, RenderOutput } from '../render/render-args';
import { FrameEmitter, FrameEmitterOptions, FrameHandler } from './frame-emitter';

export interface CameraFramesConfig extends FrameEmitterOptions {
  ffmpegPath: string;
  width: number;
  height: number;
  output: RenderOutput;
  scene?: string;
}

/** Resolves once the first frame has been emitted; on failure nothing is left running. */
export async function startFrameEmitter(
  config: CameraFramesConfig,
  onFrame: FrameHandler,
): Promise<FrameEmitter> {
  const { ffmpegPath, width, height, fps, output, scene } = config;
  const clockFont = await resolveClockFont(ffmpegPath);
  const args = buildRenderArgs({ width, height, fps, output, clockFont, scene });
  const splitter =
    output.kind === 'jpeg'
      ? new JpegFrameSplitter()
      : new RawFrameSplitter(i420FrameSize(width, height));
  const renderer = FrameRenderer.start(ffmpegPath, args, splitter);
  let emitter: FrameEmitter;
  try {
    emitter = new FrameEmitter(renderer, config, onFrame);
  } catch (error) {
    await renderer.stop();
    throw error;
  }
  try {
    await emitter.start();
  } catch (error) {
    await emitter.stop();
    throw error;
  }
  return emitter;
}
