import { readdir, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { MotionEvent } from '@camrec/shared-types';

/** Where versions before the index kept motion events: one JSON file each. */
const LEGACY_FOLDER = 'events';
const ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The motion events an older version left as `<videos>/events/<id>.json`, to be imported into
 * the index once; unreadable files are named in `skipped`.
 */
export async function readLegacyEvents(
  videosDir: string,
): Promise<{ events: MotionEvent[]; skipped: string[] }> {
  let names: string[];
  try {
    names = await readdir(join(videosDir, LEGACY_FOLDER));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { events: [], skipped: [] };
    throw error;
  }
  const events: MotionEvent[] = [];
  const skipped: string[] = [];
  for (const name of names.filter((n) => n.endsWith('.json'))) {
    try {
      const event = JSON.parse(await readFile(join(videosDir, LEGACY_FOLDER, name), 'utf8'));
      if (ID_PATTERN.test(event.id) && `${event.id}.json` === name) events.push(event);
      else skipped.push(name);
    } catch {
      skipped.push(name);
    }
  }
  return { events, skipped };
}

/** Once imported, the folder is renamed so that it is not imported again (nor lost). */
export async function retireLegacyEvents(videosDir: string): Promise<void> {
  await rename(join(videosDir, LEGACY_FOLDER), join(videosDir, `${LEGACY_FOLDER}.imported`)).catch(
    (error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    },
  );
}
