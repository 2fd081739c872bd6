import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StreamHub } from '@camrec/media';

/** JPEG frames from ffmpeg's test pattern. */
export function makeJpegFrames(count: number, size = '640x480'): Buffer[] {
  const dir = mkdtempSync(join(tmpdir(), 'camrec-jpegs-'));
  try {
    execFileSync('ffmpeg', [
      ...['-loglevel', 'error', '-f', 'lavfi', '-i', `testsrc2=size=${size}:rate=10`],
      ...['-frames:v', String(count), '-q:v', '5', join(dir, 'f%04d.jpg')],
    ]);
    return readdirSync(dir)
      .sort()
      .map((name) => readFileSync(join(dir, name)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Publishes JPEG frames into a hub like an MJPEG camera with irregular timing: the gaps
 * cycle through `gapsMs`. Resolves when all frames are out or `stop()` was called.
 */
export class JpegPlayer {
  private stopped = false;

  constructor(
    private readonly hub: StreamHub,
    private readonly frames: Buffer[],
    private readonly gapsMs: number[],
  ) {}

  async play(): Promise<void> {
    for (let i = 0; i < this.frames.length && !this.stopped; i += 1) {
      this.hub.publish({ type: 'jpeg', data: this.frames[i], capturedAt: Date.now(), seq: i });
      await new Promise((resolve) => setTimeout(resolve, this.gapsMs[i % this.gapsMs.length]));
    }
  }

  stop(): void {
    this.stopped = true;
  }
}
