// Puts a camera's picture together: clock font lookup, ffmpeg renderer, delivery, pacing and
// frame log.
import { MediaProcess } from '@camrec/process';
import { resolveClockFont } from '../render/clock-font';
import { FrameRenderer } from '../render/frame-renderer';
import { JpegFrameSplitter } from '../render/frame-splitters';
import { buildRenderArgs, RenderOutput } from '../render/render-args';
import { FrameDelivery, FrameHandler, PipedFrames, RenderedFrames } from './frame-delivery';
import { FrameEmitter, FrameEmitterOptions } from './frame-emitter';

export interface CameraFramesConfig extends FrameEmitterOptions {
  ffmpegPath: string;
  width: number;
  height: number;
  scene?: string;
}

async function renderArgs(config: CameraFramesConfig, output: RenderOutput): Promise<string[]> {
  const { ffmpegPath, width, height, fps, scene } = config;
  const clockFont = await resolveClockFont(ffmpegPath);
  return buildRenderArgs({ width, height, fps, output, clockFont, scene });
}

/** JPEG frames of ffmpeg's quality scale `qscale`, each handed to `onFrame` when due (the MJPEG camera). */
export async function startJpegFrameEmitter(
  config: CameraFramesConfig,
  qscale: number,
  onFrame: FrameHandler,
): Promise<FrameEmitter> {
  const args = await renderArgs(config, { kind: 'jpeg', qscale });
  const renderer = FrameRenderer.start(config.ffmpegPath, args, new JpegFrameSplitter());
  return startEmitter(new RenderedFrames(renderer, onFrame), config);
}

/**
 * Raw I420 frames written straight into the transport's process (started with `pipe3`), one
 * byte on its stdin per due frame (the RTSP camera; see PipedFrames).
 */
export async function startPipedFrameEmitter(
  config: CameraFramesConfig,
  transport: MediaProcess,
  firstFrameArrived: Promise<void>,
): Promise<FrameEmitter> {
  if (!transport.pipe3) throw new Error(`${transport.name} was started without pipe3`);
  const args = await renderArgs(config, { kind: 'i420' });
  const renderer = MediaProcess.spawn({
    name: 'renderer',
    command: config.ffmpegPath,
    args,
    stdoutTo: transport.pipe3,
  });
  return startEmitter(new PipedFrames(renderer, transport.stdin, firstFrameArrived), config);
}

/** Resolves once the first frame has been emitted; on failure nothing is left running. */
async function startEmitter(
  delivery: FrameDelivery,
  options: FrameEmitterOptions,
): Promise<FrameEmitter> {
  let emitter: FrameEmitter;
  try {
    emitter = new FrameEmitter(delivery, options);
  } catch (error) {
    await delivery.stop();
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
