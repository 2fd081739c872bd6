import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isFastStart, readMp4FileLayout, usablePartLength } from './mp4-file-layout';
import { makeFragmentedMp4, toPackets } from './test-support/mp4-fixtures';

describe('mp4 file layout', () => {
  let dir: string;
  const mp4 = makeFragmentedMp4({ seconds: 1, fps: 10 });
  const packets = toPackets(mp4);
  const initLength = packets[0].data.length;
  const lastFragmentEnd = packets.reduce((sum, packet) => sum + packet.data.length, 0);

  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'camrec-layout-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function layoutOf(bytes: Buffer) {
    const file = join(dir, 'x.mp4.part');
    writeFileSync(file, bytes);
    return readMp4FileLayout(file);
  }

  it('keeps a whole fragmented file up to its last fragment', async () => {
    const layout = await layoutOf(mp4);
    expect(layout.boxes[0].type).toBe('ftyp');
    expect(usablePartLength(layout)).toBe(lastFragmentEnd);
  });

  it('cuts a file that ends mid-fragment back to the previous fragment', async () => {
    const secondFragmentEnd = initLength + packets[1].data.length + packets[2].data.length;
    const layout = await layoutOf(mp4.subarray(0, secondFragmentEnd + 50));
    expect(usablePartLength(layout)).toBe(secondFragmentEnd);
  });

  it('drops a moof whose mdat never came', async () => {
    const firstFragmentEnd = initLength + packets[1].data.length;
    const moofOnly = packets[2].data.subarray(0, packets[2].data.readUInt32BE(0));
    const layout = await layoutOf(Buffer.concat([mp4.subarray(0, firstFragmentEnd), moofOnly]));
    expect(usablePartLength(layout)).toBe(firstFragmentEnd);
  });

  it('finds nothing usable without an init segment or a fragment', async () => {
    expect(usablePartLength(await layoutOf(packets[0].data))).toBeNull();
    expect(usablePartLength(await layoutOf(packets[1].data))).toBeNull();
    expect(usablePartLength(await layoutOf(Buffer.alloc(0)))).toBeNull();
  });

  it('tells whether the index comes before the media', async () => {
    const standard = (movflags: string[]) =>
      execFileSync('ffmpeg', [
        ...['-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=5', '-t', '1'],
        ...['-c:v', 'libx264', '-preset', 'ultrafast', ...movflags, '-y', join(dir, 'std.mp4')],
      ]);
    standard([]);
    expect(isFastStart(await readMp4FileLayout(join(dir, 'std.mp4')))).toBe(false);
    standard(['-movflags', '+faststart']);
    expect(isFastStart(await readMp4FileLayout(join(dir, 'std.mp4')))).toBe(true);
  });
});
