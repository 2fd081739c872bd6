import { accessSync, constants } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';

/** The absolute path `command` runs, as the shell's PATH lookup finds it, or null. */
export function findExecutable(command: string): string | null {
  const candidates =
    isAbsolute(command) || command.includes('/') || command.includes('\\')
      ? [command]
      : (process.env['PATH'] ?? '').split(delimiter).map((dir) => join(dir, command));
  return candidates.find(isExecutable) ?? null;
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
