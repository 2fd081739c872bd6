import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Fragmented MP4 files made by ffmpeg, kept so that tests without ffmpeg (the dashboard's)
 * read real output: `every-frame.mp4` (160x120 H.264 at 10 fps with B-frames, one frame per
 * fragment, keyframes every 5 frames, 10 frames) and `per-keyframe.mp4` (320 wide, two
 * fragments of 25 frames each opening with a keyframe).
 */
export type Mp4FixtureFile = 'every-frame.mp4' | 'per-keyframe.mp4';

export function readMp4Fixture(name: Mp4FixtureFile): Uint8Array {
  return new Uint8Array(readFileSync(join(__dirname, 'fixtures', name)));
}
