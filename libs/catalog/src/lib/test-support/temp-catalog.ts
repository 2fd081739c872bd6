import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Catalog, type CatalogOptions } from '../catalog';

/** A folder under the system temp folder for one test, and its removal. */
export async function makeTempDir(): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'camrec-catalog-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * A real catalog file in a fresh temp folder, closed and removed by `dispose` (call it in
 * afterEach).
 */
export async function openTempCatalog(options: CatalogOptions = {}): Promise<{
  catalog: Catalog;
  filePath: string;
  dispose: () => Promise<void>;
}> {
  const { dir, remove } = await makeTempDir();
  const filePath = join(dir, 'catalog.db');
  const catalog = await Catalog.open(filePath, options);
  return {
    catalog,
    filePath,
    dispose: async () => {
      await catalog.close();
      await remove();
    },
  };
}

/** A clock that tests move by hand. */
export function manualClock(startMs = 1_750_000_000_000): {
  now: () => number;
  advance: (ms: number) => void;
} {
  let current = startMs;
  return { now: () => current, advance: (ms) => (current += ms) };
}
