import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

export interface BinaryLookup {
  /** Executable name without extension, e.g. "mediamtx". */
  name: string;
  /** The configured path (`mediamtx_path`), tried first. */
  configuredPath: string | null;
  /** The PATH variable's value, searched second. */
  searchPath: string;
  /** The cache folder (`binaries_dir`), searched last. */
  binariesDir: string;
  platform?: NodeJS.Platform;
}

export type BinaryResolution = { found: true; path: string } | { found: false; reason: string };

/** Finds a proxy engine's binary: configured path, then PATH, then the cache folder. */
export function resolveBinary(lookup: BinaryLookup): BinaryResolution {
  const platform = lookup.platform ?? process.platform;
  const fileName = platform === 'win32' ? `${lookup.name}.exe` : lookup.name;
  if (lookup.configuredPath) {
    if (isExecutableFile(lookup.configuredPath))
      return { found: true, path: lookup.configuredPath };
    return {
      found: false,
      reason: `${lookup.name}_path "${lookup.configuredPath}" is not an executable file`,
    };
  }
  const folders = lookup.searchPath.split(delimiter).filter((folder) => folder !== '');
  for (const folder of [...folders, lookup.binariesDir]) {
    const candidate = join(folder, fileName);
    if (isExecutableFile(candidate)) return { found: true, path: candidate };
  }
  return { found: false, reason: `${lookup.name} not found on PATH nor in ${lookup.binariesDir}` };
}

function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
