import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '../../wait-for';
import { readFrameLog } from './frame-log';
import { startFrameEmitter } from './start-frame-emitter';

describe('FrameEmitter with a real ffmpeg renderer', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'camrec-emitter-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('logs and counts only the frames the transport took, each under the index its bar shows', async () => {
    const log = join(dir, 'frames.log');
    const handed: number[] = [];
    // A transport backed up at every third frame.
    const emitter = await startFrameEmitter(
      {
        ffmpegPath: 'ffmpeg',
        width: 160,
        height: 90,
        fps: 50,
        vfr: false,
        log,
        output: { kind: 'jpeg', qscale: 8 },
      },
      (_frame, index) => {
        handed.push(index);
        return index % 3 !== 2;
      },
    );
    try {
      await waitFor('30 frames handed over', () => handed.length >= 30);
    } finally {
      await emitter.stop();
    }
    const logged = [...readFrameLog(log).keys()];
    const taken = handed.filter((index) => index % 3 !== 2);
    expect(logged).toEqual(taken);
    expect(emitter.framesEmitted).toBe(taken.length);
    expect(handed.slice(0, 6)).toEqual([0, 1, 2, 3, 4, 5]);
  });
});
