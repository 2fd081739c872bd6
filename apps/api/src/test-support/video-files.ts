import { readdirSync } from 'node:fs';
import { childBoxes } from '@camrec/mp4';

/** Top-level MP4 box types in file order. */
export function topLevelBoxes(bytes: Buffer): string[] {
  return [...childBoxes(bytes, 0, bytes.length)].map((box) => box.type);
}

/** The files of a videos folder, sorted, without the index (index.sqlite and its -wal, -shm). */
export function videoFolderFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => !name.startsWith('index.sqlite'))
    .sort();
}
