import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';

/** The absolute path `command` runs, as the shell's PATH lookup finds it, or null. */
export function findExecutable(command: string): string | null {
  const candidates =
    isAbsolute(command) || command.includes('/') || command.includes('\\')
      ? [command]
      : (process.env['PATH'] ?? '').split(delimiter).map((dir) => join(dir, command));
  return candidates.find(isExecutable) ?? null;
}

/**
 * What `command` runs now: the file PATH finds, its inode, size and time; null when none is
 * found. It changes when the file is installed, replaced or upgraded, so an answer asked of
 * the program (its version, its filters) can be kept until then.
 */
export function executableIdentity(command: string): string | null {
  const path = findExecutable(command);
  if (!path) return null;
  try {
    const { ino, size, mtimeMs } = statSync(path);
    return `${path} ${ino} ${size} ${mtimeMs}`;
  } catch {
    return null;
  }
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
