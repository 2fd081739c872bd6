import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FrameLog } from './frame-log';

describe("the bench's reading of a camera's frame log", () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'camrec-bench-log-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('leaves out a frame the camera reported dropped after it was sent, and only that send', () => {
    const path = join(dir, 'frames.log');
    // Bar values repeat every 4 frames here: frames 1 and 5 both show bar 1.
    writeFileSync(path, '0 1000\n1 1040\n2 1080\n3 1120\n2 dropped\n4 1160\n5 1200\n5 dropped\n');
    const log = new FrameLog(path, 4).load();
    expect(log.entries).toBe(4);
    expect(log.sentAt(2, 2000)).toBeNull();
    expect(log.sentAt(1, 2000)).toBe(1040);
    expect(log.sentAt(0, 2000)).toBe(1160);
    expect(log.sendsBetween(1000, 1200).sort((a, b) => a[1] - b[1])).toEqual([
      [0, 1000],
      [1, 1040],
      [3, 1120],
      [0, 1160],
    ]);
  });
});
