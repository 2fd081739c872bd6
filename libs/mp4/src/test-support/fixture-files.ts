import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Fragmented MP4 files made by ffmpeg, kept so that tests without ffmpeg (the dashboard's)
 * read real output: `every-frame.mp4` (160x120 H.264 at 10 fps with B-frames, one frame per
 * fragment, keyframes every 5 frames, 10 frames), `per-keyframe.mp4` (320 wide, two
 * fragments of 25 frames each opening with a keyframe) and `with-audio.mp4` (96x64 H.264 at
 * 10 fps with AAC audio, 1 s: `ffmpeg -f lavfi -i testsrc2=size=96x64:rate=10 -f lavfi -i sine
 * -t 1 -c:v libx264 -g 5 -c:a aac -movflags empty_moov+default_base_moof+frag_keyframe`).
 */
export type Mp4FixtureFile = 'every-frame.mp4' | 'per-keyframe.mp4' | 'with-audio.mp4';

export function readMp4Fixture(name: Mp4FixtureFile): Uint8Array {
  return new Uint8Array(readFileSync(join(__dirname, 'fixtures', name)));
}
