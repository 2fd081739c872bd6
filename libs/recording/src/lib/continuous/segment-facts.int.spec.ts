import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { childBoxes } from '@camrec/mp4';
import { makeFragmentedMp4 } from '../test-support/mp4-fixtures';
import { readSegmentFacts, repairSegment } from './segment-facts';
import { listSegmentFiles } from './segment-folder';
import { segmentPath } from './segment-path';
import { videoPacketTimes } from '@camrec/testing';

const START_MS = Date.UTC(2025, 5, 1, 8, 30, 0, 250);
/** 3 s at 10 fps, a keyframe every second: 30 fragments of one frame. */
const mp4 = makeFragmentedMp4({ seconds: 3, fps: 10, gop: 10 });
const boxes = [...childBoxes(mp4, 0, mp4.length)];
const mdats = boxes.filter((box) => box.type === 'mdat');

describe('repairSegment and readSegmentFacts', () => {
  let dir: string;
  let finalPath: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'camrec-segment-facts-'));
    finalPath = join(dir, segmentPath('cam-1', START_MS));
    mkdirSync(dirname(finalPath), { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** A `.part` as kill -9 left it: the recording's first `bytes` bytes. */
  const crashedPart = (bytes: number) => {
    writeFileSync(`${finalPath}.part`, mp4.subarray(0, bytes));
    return `${finalPath}.part`;
  };

  it('cuts a fragment the crash interrupted and keeps every complete one, playable', async () => {
    const cut = mdats[12];
    const part = crashedPart(cut.start + Math.floor((cut.end - cut.start) / 2));
    const facts = await repairSegment(part);
    expect(facts).toEqual({
      startMs: START_MS,
      endMs: START_MS + 1200,
      bytes: mdats[11].end,
      frames: 12,
      keyframes: 2,
      codec: expect.stringMatching(/^avc1\./),
    });
    expect(existsSync(part)).toBe(false);
    expect(videoPacketTimes(finalPath)).toHaveLength(12);
    // A file made final reads back the same.
    expect(await readSegmentFacts(finalPath)).toEqual(facts);
  });

  it('keeps a .part that a crash left complete as it is', async () => {
    const facts = await repairSegment(crashedPart(mp4.length));
    // Complete boxes after the last fragment (here ffmpeg's closing mfra) do no harm.
    expect(facts).toMatchObject({ frames: 30, keyframes: 3, bytes: mp4.length });
    expect(facts?.endMs).toBe(START_MS + 3000);
  });

  it('cuts a moof whose mdat never came, and the zeros a power cut can leave', async () => {
    const lastMoof = boxes[boxes.indexOf(mdats[20]) - 1];
    writeFileSync(
      `${finalPath}.part`,
      Buffer.concat([mp4.subarray(0, lastMoof.end), Buffer.alloc(4096)]),
    );
    const facts = await repairSegment(`${finalPath}.part`);
    expect(facts).toMatchObject({ frames: 20, bytes: mdats[19].end });
    expect(videoPacketTimes(finalPath)).toHaveLength(20);
  });

  it('deletes a .part that holds the init only, or an incomplete first fragment', async () => {
    const [firstMoof] = boxes.filter((box) => box.type === 'moof');
    for (const bytes of [firstMoof.start, mdats[0].end - 10]) {
      const part = crashedPart(bytes);
      expect(await repairSegment(part)).toBeNull();
      expect(existsSync(part)).toBe(false);
      expect(existsSync(finalPath)).toBe(false);
    }
  });

  it('lists final segments and leftover parts for the start-up reconciliation', async () => {
    const later = join(dir, segmentPath('cam-1', START_MS + 60_000));
    writeFileSync(finalPath, mp4);
    writeFileSync(`${later}.part`, mp4);
    writeFileSync(join(dirname(later), 'notes.txt'), 'not a segment');
    const relative = (path: string) => path.slice(dir.length + 1).replace(/\\/g, '/');
    expect(await listSegmentFiles(dir)).toEqual({
      final: [relative(finalPath)],
      parts: [relative(`${later}.part`)],
    });
    const facts = await repairSegment(`${later}.part`);
    expect(facts?.startMs).toBe(START_MS + 60_000);
    expect((await listSegmentFiles(dir)).final).toHaveLength(2);
    expect(await listSegmentFiles(join(dir, 'nowhere'))).toEqual({ final: [], parts: [] });
  });

  it('touches nothing that is not a segment', async () => {
    const stray = join(dir, 'holiday.mp4.part');
    writeFileSync(stray, mp4.subarray(0, 100));
    await expect(repairSegment(stray)).rejects.toThrow(/not a continuous segment name/);
    expect(existsSync(stray)).toBe(true);
    await expect(readSegmentFacts(join(dir, 'holiday.mp4'))).rejects.toThrow(/not a continuous/);
  });
});
