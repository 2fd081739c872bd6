import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '../../wait-for';
import { readFrameLog } from './frame-log';
import type { FrameHandler } from './frame-delivery';
import { startJpegFrameEmitter } from './start-frame-emitter';

describe('FrameEmitter with a real ffmpeg renderer', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'camrec-emitter-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** A small, fast camera's frames, logged to `frames.log`, handed to `transport`. */
  const startEmitter = (transport: FrameHandler) =>
    startJpegFrameEmitter(
      {
        ffmpegPath: 'ffmpeg',
        width: 160,
        height: 90,
        fps: 50,
        vfr: false,
        log: join(dir, 'frames.log'),
      },
      8,
      transport,
    );

  it('logs and counts only the frames the transport took, each under the index its bar shows', async () => {
    const handed: number[] = [];
    // A transport backed up at every third frame.
    const emitter = await startEmitter((_frame, index) => {
      handed.push(index);
      return index % 3 !== 2;
    });
    try {
      await waitFor('30 frames handed over', () => handed.length >= 30);
    } finally {
      await emitter.stop();
    }
    const logged = [...readFrameLog(join(dir, 'frames.log')).keys()];
    const taken = handed.filter((index) => index % 3 !== 2);
    expect(logged).toEqual(taken);
    expect(emitter.framesEmitted).toBe(taken.length);
    expect(handed.slice(0, 6)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('leaves out of its log the frames the transport reports dropped after it took them', async () => {
    // Taken: indices 0 1 2 4 5 6 8 …, numbered 0 1 2 3 4 5 6 … among the emitted.
    const emitter = await startEmitter((_frame, index) => index % 4 !== 3);
    try {
      await waitFor('12 frames taken', () => emitter.framesEmitted >= 12);
      // The transport's frames 2–4 (indices 2, 4, 5) and 7 (index 9); 5000 was never taken.
      emitter.dropped(2, 4);
      emitter.dropped(7, 7);
      emitter.dropped(5000, 5001);
    } finally {
      await emitter.stop();
    }
    expect([...readFrameLog(join(dir, 'frames.log')).keys()].slice(0, 8)).toEqual([
      0, 1, 6, 8, 10, 12, 13, 14,
    ]);
  });
});
