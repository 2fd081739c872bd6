import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VideosFolderError } from './recording-errors';
import { checkVideosFolder } from './videos-folder-check';

describe('checkVideosFolder', () => {
  let root: string;
  beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'camrec-folder-'))));
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('creates a missing folder and leaves no probe file behind', async () => {
    const videos = join(root, 'a', 'videos');
    await checkVideosFolder(videos, 1);
    expect(readdirSync(videos)).toEqual([]);
  });

  it('refuses a folder that cannot be written, with the reason', async () => {
    // A path below a regular file cannot be created even by root (chmod would not stop root).
    writeFileSync(join(root, 'file'), '');
    const error = await checkVideosFolder(join(root, 'file', 'videos'), 1).catch((e: Error) => e);
    expect(error).toBeInstanceOf(VideosFolderError);
    expect((error as Error).message).toMatch(/is not writable \(ENOTDIR\)/);
  });

  it('refuses a nearly full disk, saying how much is free and needed', async () => {
    const error = await checkVideosFolder(root, Number.MAX_SAFE_INTEGER).catch((e: Error) => e);
    expect(error).toBeInstanceOf(VideosFolderError);
    expect((error as Error).message).toMatch(
      /is nearly full: \d+ MiB free, at least \d+ MiB needed/,
    );
  });
});
