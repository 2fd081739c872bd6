import { execFileSync } from 'node:child_process';
import type { ChildProcessRegistry } from '@camrec/process';
import { decodeFrameIndex } from '@camrec/testing';
import { type CameraSessionOptions, type HubPacket, type HubSubscription } from '@camrec/media';

/** Session options for tests against a simulated camera. */
export function sessionOptions(
  id: string,
  url: string,
  registry: ChildProcessRegistry,
): CameraSessionOptions {
  return {
    id,
    url,
    ffmpegPath: 'ffmpeg',
    verifyFrames: 5,
    verifyTimeoutS: 10,
    verifyAttempts: 2,
    audioBitrate: '64k',
    registry,
  };
}

/**
 * The frame index (the simulated camera's bar) of every frame of a video file or stream,
 * decoded to grey at the camera's size; null where the bar cannot be read.
 */
export function frameIndices(
  input: { path: string } | { jpegs: Buffer[] },
  size: { width: number; height: number },
): Array<number | null> {
  const fromPipe = 'jpegs' in input;
  const out = execFileSync(
    'ffmpeg',
    [
      ...['-hide_banner', '-loglevel', 'error', '-nostdin'],
      ...(fromPipe ? ['-f', 'mjpeg', '-i', 'pipe:0'] : ['-i', input.path]),
      ...['-map', '0:v:0', '-fps_mode', 'passthrough', '-f', 'rawvideo', '-pix_fmt', 'gray'],
      'pipe:1',
    ],
    { input: fromPipe ? Buffer.concat(input.jpegs) : undefined, maxBuffer: 1 << 30 },
  );
  const frameBytes = size.width * size.height;
  return Array.from({ length: Math.floor(out.length / frameBytes) }, (_, i) =>
    decodeFrameIndex(out.subarray(i * frameBytes, (i + 1) * frameBytes), size.width, size.height),
  );
}

/** What a subscription has queued once `end()` was called on it. */
export async function drain(subscription: HubSubscription): Promise<HubPacket[]> {
  const packets: HubPacket[] = [];
  for await (const packet of subscription) packets.push(packet);
  return packets;
}
