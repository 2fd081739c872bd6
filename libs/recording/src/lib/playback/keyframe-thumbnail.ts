import { MediaProcess } from '@camrec/process';
import type { MediaTools } from '../media-tools';

/** How tall a timeline thumbnail is, in pixels (the width follows the picture). */
export const THUMBNAIL_HEIGHT = 120;
const THUMBNAIL_TIMEOUT_MS = 10_000;
const MAX_THUMBNAIL_BYTES = 1 << 20;

/**
 * The first picture of an fMP4 chunk (init + fragments from a keyframe) as a small JPEG: ffmpeg
 * decodes that one keyframe, nothing else.
 */
export async function keyframeThumbnail(chunk: Uint8Array, tools: MediaTools): Promise<Buffer> {
  const child = MediaProcess.spawn({
    name: 'timeline thumbnail',
    command: tools.ffmpegPath,
    args: [
      ...['-hide_banner', '-nostats', '-loglevel', 'error'],
      ...['-f', 'mp4', '-i', 'pipe:0', '-map', '0:v:0', '-frames:v', '1'],
      ...['-vf', `scale=-2:${THUMBNAIL_HEIGHT}`, '-q:v', '5', '-f', 'mjpeg', 'pipe:1'],
    ],
    registry: tools.registry,
    stdinIsInput: true,
    signal: AbortSignal.timeout(THUMBNAIL_TIMEOUT_MS),
  });
  const parts: Buffer[] = [];
  let bytes = 0;
  child.stdout.on('data', (part: Buffer) => {
    bytes += part.length;
    if (bytes <= MAX_THUMBNAIL_BYTES) parts.push(part);
  });
  // ffmpeg may stop reading once it has its frame: a closed pipe is not an error here.
  child.stdin.on('error', () => undefined);
  child.stdin.end(chunk);
  const exit = await child.exited;
  const jpeg = Buffer.concat(parts);
  if (exit.code !== 0 || jpeg.length === 0) {
    throw new Error(
      `no thumbnail: ${child.stderrTail().slice(-2).join(' ') || `ffmpeg exit ${exit.code}`}`,
    );
  }
  return jpeg;
}
