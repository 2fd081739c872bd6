import type { ChildProcessRegistry } from '@camrec/process';

/** Where ffmpeg and ffprobe are, and the registry every process they start is listed in. */
export interface MediaTools {
  ffmpegPath: string;
  ffprobePath: string;
  registry?: ChildProcessRegistry;
}
