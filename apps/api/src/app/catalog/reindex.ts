import { Catalog } from '@camrec/catalog';
import { reconcileSegments } from '@camrec/recording';
import type { AppConfig } from '../config/app-config';
import { ClipIndex } from './clip-index';
import { SERVER_ALIVE_KEY, SERVER_STOPPED_KEY } from './server-alive';

/** A server that wrote its sign of life this recently, and did not stop, may still run. */
const RUNNING_WITHIN_MS = 90_000;

/**
 * `npm run reindex`: forgets every segment and clip row and indexes the videos folder again
 * (saved cameras and motion events are kept). Refused while a server seems to use the index.
 * Resolves with what it did, in words.
 */
export async function reindexFolder(config: AppConfig): Promise<string> {
  const path = config.index_path;
  if (path === null) throw new Error('index_path is resolved when the config is loaded');
  const catalog = await Catalog.open(path);
  try {
    const aliveAt = Number(await catalog.meta.get(SERVER_ALIVE_KEY)) || 0;
    const stopped = (await catalog.meta.get(SERVER_STOPPED_KEY)) === 'true';
    if (!stopped && Date.now() - aliveAt < RUNNING_WITHIN_MS) {
      throw new Error(
        `a server used ${path} ${Math.round((Date.now() - aliveAt) / 1000)} s ago and did not stop; stop it first`,
      );
    }
    const forgotten = {
      segments: await catalog.segments.forgetAll(),
      clips: await catalog.clips.forgetAll(),
    };
    const segments = await reconcileSegments(config.videos_dir, catalog.segments);
    const clips = await new ClipIndex(config, catalog).reconcile();
    const failed = segments.failed.map(
      ({ path: file, reason }) => `\n  not indexed: ${file}: ${reason}`,
    );
    return (
      `${path}: ${forgotten.segments} segment and ${forgotten.clips} clip row(s) forgotten; ` +
      `${segments.indexed + segments.repaired} segment(s) (${segments.repaired} repaired) and ` +
      `${clips.indexed} clip(s) indexed from ${config.videos_dir}${failed.join('')}`
    );
  } finally {
    await catalog.close();
  }
}
