import { chmodSync, closeSync, existsSync, mkdirSync, openSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Makes sure `filePath` exists readable by its owner only (0600) before SQLite opens it: the
 * catalog holds camera passwords, and SQLite gives its -wal and -shm files the database file's
 * mode. The chmod also tightens a file that an older version or a copy left wider. Returns
 * whether the file was new (absent, or empty with no -wal, as a crash right after creating it
 * leaves it).
 *
 * A database file that is gone (deleted to be rebuilt) takes its -wal and -shm with it: SQLite
 * would otherwise read the old database's pages from the -wal into the new one. An empty file
 * keeps its -wal, which may hold every transaction not yet copied into the file.
 */
export function preparePrivateFile(filePath: string): { isNew: boolean } {
  mkdirSync(dirname(filePath), { recursive: true });
  let isNew: boolean;
  try {
    isNew = statSync(filePath).size === 0 && !existsSync(`${filePath}-wal`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    isNew = true;
    for (const suffix of ['-wal', '-shm']) rmSync(`${filePath}${suffix}`, { force: true });
  }
  closeSync(openSync(filePath, 'a', 0o600));
  chmodSync(filePath, 0o600);
  return { isNew };
}
